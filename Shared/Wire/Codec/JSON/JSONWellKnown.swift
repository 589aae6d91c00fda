/// The JSON forms of `google.protobuf.Timestamp` and `Duration`, which are
/// strings rather than objects.
public enum JSONWellKnown {
    /// 0001-01-01T00:00:00Z, the earliest Timestamp.
    public static let minTimestampSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z, the latest Timestamp.
    public static let maxTimestampSeconds: Int64 = 253_402_300_799
    /// 10,000 years, the Duration limit either way.
    public static let maxDurationSeconds: Int64 = 315_576_000_000

    /// Writes 0, 3, 6 or 9 fractional digits, the fewest that hold `nanos`.
    static func appendFraction(_ nanos: Int32, to bytes: inout [UInt8]) {
        guard nanos != 0 else { return }
        var value = Int(nanos)
        var digits = 9
        while digits > 3 && value % 1000 == 0 {
            value /= 1000
            digits -= 3
        }
        bytes.append(UInt8(ascii: "."))
        appendPadded(value, width: digits, to: &bytes)
    }

    static func appendPadded(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var value = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            value %= divisor
            divisor /= 10
        }
    }

    /// Writes a Timestamp as RFC 3339 in UTC; out-of-range values are written
    /// as they are (the encoder never fails), clamped into four-digit years.
    public static func writeTimestamp(seconds: Int64, nanos: Int32, into writer: inout JSONWriter) {
        let seconds = min(max(seconds, minTimestampSeconds), maxTimestampSeconds)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = civil(fromDays: days)
        writer.bytes.append(UInt8(ascii: "\""))
        appendPadded(year, width: 4, to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: "T"))
        appendPadded(secondOfDay / 3600, width: 2, to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2, to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2, to: &writer.bytes)
        appendFraction(min(max(nanos, 0), 999_999_999), to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: "Z"))
        writer.bytes.append(UInt8(ascii: "\""))
        writer.needsComma = true
    }

    /// Writes a Duration as `<seconds>[.fraction]s`, with the sign once.
    public static func writeDuration(seconds: Int64, nanos: Int32, into writer: inout JSONWriter) {
        writer.bytes.append(UInt8(ascii: "\""))
        if seconds < 0 || nanos < 0 { writer.bytes.append(UInt8(ascii: "-")) }
        writer.writeDecimal(seconds.magnitude)
        appendFraction(Int32(truncatingIfNeeded: Int64(nanos).magnitude), to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: "s"))
        writer.bytes.append(UInt8(ascii: "\""))
        writer.needsComma = true
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
    /// algorithm; also what AuditCore's months of record_time are made of).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A proleptic Gregorian date to days since 1970-01-01.
    public static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Reads an RFC 3339 Timestamp: `1972-01-01T10:00:20.021Z` or with an
    /// offset such as `+01:00`; 0 to 9 fractional digits.
    public static func readTimestamp(from reader: inout JSONReader) throws(JSONError) -> (seconds: Int64, nanos: Int32) {
        let offsetBefore = reader.offset
        let key = try reader.readStringKey(expected: "an RFC 3339 timestamp string")
        let parsed = try key.withBytes { (text) throws(JSONError) in parseTimestamp(text) }
        guard let parsed else {
            throw JSONError(.invalidTimestamp, "\(JSONReader.quote(key.text)) is not an RFC 3339 timestamp between years 1 and 9999",
                            offset: offsetBefore)
        }
        return parsed
    }

    static func parseTimestamp(_ text: UnsafeRawBufferPointer) -> (seconds: Int64, nanos: Int32)? {
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= text.count else { return nil }
            var value = 0
            for _ in 0..<width {
                let byte = text[index]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }
        func expect(_ char: UInt8) -> Bool {
            guard index < text.count, text[index] == char else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
              let day = number(2), index < text.count, text[index] == UInt8(ascii: "T") || text[index] == UInt8(ascii: "t")
        else { return nil }
        index += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
              let second = number(2) else { return nil }
        let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1, (1...12).contains(month), day >= 1, hour < 24, minute < 60, second < 60 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        guard day <= monthDays[month - 1] + (month == 2 && leap ? 1 : 0) else { return nil }
        var nanos = 0
        if index < text.count && text[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int(text[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard index < text.count else { return nil }
        var offsetSeconds = 0
        switch text[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = text[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect(UInt8(ascii: ":")), let offsetMinutes = number(2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            return nil
        }
        guard index == text.count else { return nil }
        let days = days(fromCivil: year, month, day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        guard seconds >= minTimestampSeconds && seconds <= maxTimestampSeconds else { return nil }
        return (seconds, Int32(nanos))
    }

    /// Reads a Duration: `-1.5s`, up to 9 fractional digits, within ±10,000 years.
    public static func readDuration(from reader: inout JSONReader) throws(JSONError) -> (seconds: Int64, nanos: Int32) {
        let offsetBefore = reader.offset
        let key = try reader.readStringKey(expected: "a duration string such as \"1.5s\"")
        let parsed = try key.withBytes { (text) throws(JSONError) in parseDuration(text) }
        guard let parsed else {
            throw JSONError(.invalidDuration, "\(JSONReader.quote(key.text)) is not a duration such as \"1.5s\" within 10000 years",
                            offset: offsetBefore)
        }
        return parsed
    }

    static func parseDuration(_ text: UnsafeRawBufferPointer) -> (seconds: Int64, nanos: Int32)? {
        var index = 0
        let count = text.count
        guard count >= 2, text[count - 1] == UInt8(ascii: "s") else { return nil }
        let negative = text[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var seconds: Int64 = 0
        var digits = 0
        while index < count - 1, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
            guard digits < 12 else { return nil }
            seconds = seconds * 10 + Int64(text[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        var nanos: Int32 = 0
        if text[index] == UInt8(ascii: ".") {
            index += 1
            var fraction = 0
            while index < count - 1, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                guard fraction < 9 else { return nil }
                nanos = nanos * 10 + Int32(text[index] - UInt8(ascii: "0"))
                fraction += 1
                index += 1
            }
            guard fraction > 0 else { return nil }
            for _ in fraction..<9 { nanos *= 10 }
        }
        guard index == count - 1, seconds <= maxDurationSeconds else { return nil }
        return negative ? (-seconds, -nanos) : (seconds, nanos)
    }
}
