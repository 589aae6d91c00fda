public import Foundation

/// A Swift type that can be a statement parameter.
public protocol PostgresEncodable: Sendable {
    /// The Postgres type the value is sent as.
    static var postgresType: UInt32 { get }
    /// The value in wire form.
    var postgresBind: PostgresBind { get }
}

/// A Swift type a result column can be read as (from Postgres's text format).
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value of Postgres type `type`.
    static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Self
}

extension PostgresDecodable {
    static func failure(_ text: UnsafeRawBufferPointer, _ type: UInt32) -> PostgresError {
        PostgresError(.decoding, "cannot read '\(String(decoding: text.prefix(64), as: UTF8.self))' (type \(type)) as \(Self.self)")
    }
}

// MARK: Integers

/// Parses an optionally signed decimal integer with overflow checks.
func parseInteger<T: FixedWidthInteger>(_ text: UnsafeRawBufferPointer, as _: T.Type) -> T? {
    guard !text.isEmpty else { return nil }
    var index = 0
    var negative = false
    if text[0] == UInt8(ascii: "-") { negative = true; index = 1 } else if text[0] == UInt8(ascii: "+") { index = 1 }
    guard index < text.count else { return nil }
    var value: T = 0
    while index < text.count {
        let digit = text[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (next, overflow2) = negative
            ? shifted.subtractingReportingOverflow(T(digit))
            : shifted.addingReportingOverflow(T(digit))
        guard !overflow1 && !overflow2 else { return nil }
        value = next
        index += 1
    }
    return value
}

extension Int: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.int8 }
    public var postgresBind: PostgresBind { PostgresBind(decimal: Int64(self), type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Int {
        guard let value = parseInteger(text, as: Int.self) else { throw failure(text, type) }
        return value
    }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.int8 }
    public var postgresBind: PostgresBind { PostgresBind(decimal: Int64(self), type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Int64 {
        guard let value = parseInteger(text, as: Int64.self) else { throw failure(text, type) }
        return value
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.int4 }
    public var postgresBind: PostgresBind { PostgresBind(decimal: Int64(self), type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Int32 {
        guard let value = parseInteger(text, as: Int32.self) else { throw failure(text, type) }
        return value
    }
}

// MARK: Floating point and numeric

extension Double: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.float8 }
    public var postgresBind: PostgresBind {
        let text: String = if isNaN { "NaN" } else if self == .infinity { "Infinity" }
            else if self == -.infinity { "-Infinity" } else { "\(self)" }
        return PostgresBind(text: text, type: Self.postgresType)
    }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Double {
        let string = String(decoding: text, as: UTF8.self)
        switch string {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let value = Double(string) else { throw failure(text, type) }
            return value
        }
    }
}

extension Decimal: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.numeric }
    public var postgresBind: PostgresBind { PostgresBind(text: "\(self)", type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Decimal {
        guard let value = Decimal(string: String(decoding: text, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX")) else {
            throw failure(text, type)
        }
        return value
    }
}

// MARK: Text, bool, uuid, bytea, json

extension String: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.text }
    public var postgresBind: PostgresBind { PostgresBind(text: self, type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> String {
        String(decoding: text, as: UTF8.self)
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.bool }
    public var postgresBind: PostgresBind { PostgresBind(text: self ? "t" : "f", type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Bool {
        guard text.count == 1 else { throw failure(text, type) }
        switch text[0] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw failure(text, type)
        }
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.uuid }
    public var postgresBind: PostgresBind { PostgresBind(text: uuidString.lowercased(), type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> UUID {
        guard let value = UUID(uuidString: String(decoding: text, as: UTF8.self)) else { throw failure(text, type) }
        return value
    }
}

extension Data: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.bytea }
    public var postgresBind: PostgresBind { PostgresBind(binary: [UInt8](self), type: Self.postgresType) }
    /// Reads bytea's hex output (`\x0a1b...`), the server default since 9.0.
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Data {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"), text.count % 2 == 0 else {
            throw failure(text, type)
        }
        let count = (text.count - 2) / 2
        var bytes = Data(count: count)
        // The table is read through one pointer: a global's access in the loop costs a swift_once per byte.
        let valid = hexValues.withUnsafeBufferPointer { values in
            bytes.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Bool in
                var index = 2
                var bad: UInt8 = 0
                for position in 0..<count {
                    let high = values[Int(text[index])], low = values[Int(text[index + 1])]
                    bad |= (high | low) & 0xF0
                    out[position] = high << 4 | low
                    index += 2
                }
                return bad == 0
            }
        }
        guard valid else { throw failure(text, type) }
        return bytes
    }
}

/// Each byte's value as a hex digit, 0xFF for a byte that is not one.
private let hexValues: [UInt8] = (0..<256).map { byte -> UInt8 in
    switch UInt8(byte) {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(byte) - UInt8(ascii: "A") + 10
    default: 0xFF
    }
}

/// A `jsonb` value, kept as its JSON text.
public struct PostgresJSON: PostgresEncodable, PostgresDecodable, Hashable {
    /// The JSON document.
    public var text: String

    /// Wraps JSON text.
    public init(_ text: String) { self.text = text }

    public static var postgresType: UInt32 { PostgresType.jsonb }
    public var postgresBind: PostgresBind { PostgresBind(text: text, type: Self.postgresType) }
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> PostgresJSON {
        PostgresJSON(String(decoding: text, as: UTF8.self))
    }
}

// MARK: Timestamps

extension Date {
    /// Microseconds since 1970, rounded to the nearest as Postgres rounds:
    /// what a `timestamptz` holds, for arrays bound as `int8[]` and for keys
    /// that must name the instant a row stores.
    public var postgresMicroseconds: Int64 {
        Int64((timeIntervalSince1970 * 1_000_000).rounded())
    }
}

extension Date: PostgresEncodable, PostgresDecodable {
    public static var postgresType: UInt32 { PostgresType.timestamptz }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, in UTC, to the nearest microsecond (as
    /// Postgres rounds), so a decoded value binds back to the same instant.
    public var postgresBind: PostgresBind {
        let micros = postgresMicroseconds
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        let seconds = rest / 1_000_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):"
            + "\(pad(seconds % 60, 2)).\(pad(rest % 1_000_000, 6))+00"
        return PostgresBind(text: text, type: Self.postgresType)
    }

    /// Reads `timestamptz` output in the ISO style: date, time, optional
    /// fraction, and a zone offset (`+00`, `-05:30`); `timestamp` without a zone is taken as UTC.
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Date {
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= text.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<width {
                let digit = text[index + offset] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            index += width
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < text.count, text[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
              let day = number(2), expect(UInt8(ascii: " ")) || expect(UInt8(ascii: "T")),
              let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
              let second = number(2)
        else { throw failure(text, type) }
        var micros: Int64 = 0
        if expect(UInt8(ascii: ".")) {
            var scale: Int64 = 100_000
            while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                micros += Int64(text[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds: Int64 = 0
        if index < text.count {
            let sign: Int64 = text[index] == UInt8(ascii: "-") ? -1 : 1
            guard text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") else { throw failure(text, type) }
            index += 1
            guard let hours = number(2) else { throw failure(text, type) }
            var minutes: Int64 = 0
            if expect(UInt8(ascii: ":")) {
                guard let value = number(2) else { throw failure(text, type) }
                minutes = value
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard index == text.count else { throw failure(text, type) }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithms).
enum CivilCalendar {
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func date(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

// MARK: Arrays

/// Reads a one-dimensional array literal (`{a,"b c",NULL}`) into its elements.
func parseArrayLiteral(_ text: UnsafeRawBufferPointer) -> [String?]? {
    guard text.count >= 2, text.first == UInt8(ascii: "{"), text.last == UInt8(ascii: "}") else { return nil }
    var elements: [String?] = []
    var index = 1
    let end = text.count - 1
    if index == end { return [] }
    while index <= end {
        var bytes: [UInt8] = []
        var quoted = false
        if text[index] == UInt8(ascii: "\"") {
            quoted = true
            index += 1
            while index < end && text[index] != UInt8(ascii: "\"") {
                if text[index] == UInt8(ascii: "\\") { index += 1 }
                guard index < end else { return nil }
                bytes.append(text[index])
                index += 1
            }
            guard index < end else { return nil }
            index += 1  // closing quote
        } else {
            while index < end && text[index] != UInt8(ascii: ",") {
                bytes.append(text[index])
                index += 1
            }
        }
        let value = String(decoding: bytes, as: UTF8.self)
        elements.append(!quoted && value == "NULL" ? nil : value)
        guard index == end || text[index] == UInt8(ascii: ",") else { return nil }
        index += 1
    }
    return elements
}

/// A type that can be an element of a one-dimensional array parameter or column.
public protocol PostgresArrayElement: PostgresEncodable {
    /// The OID of the array type (`text[]`, `int8[]`, ...).
    static var postgresArrayType: UInt32 { get }
    /// Appends the element's binary form (the bytes its length prefix
    /// counts) to `bytes`: what an array parameter carries for it.
    func appendPostgresBinary(to bytes: inout [UInt8])
    /// Reads an element from its (unquoted) text.
    init?(arrayElementText: String)
}

extension String: PostgresArrayElement {
    public static var postgresArrayType: UInt32 { PostgresType.textArray }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { bytes.append(contentsOf: utf8) }
    public init?(arrayElementText: String) { self = arrayElementText }
}

extension Int64: PostgresArrayElement {
    public static var postgresArrayType: UInt32 { PostgresType.int8Array }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { bytes.appendBigEndian(self) }
    public init?(arrayElementText: String) { self.init(arrayElementText) }
}

extension Int: PostgresArrayElement {
    public static var postgresArrayType: UInt32 { PostgresType.int8Array }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { bytes.appendBigEndian(Int64(self)) }
    public init?(arrayElementText: String) { self.init(arrayElementText) }
}

extension Int32: PostgresArrayElement {
    public static var postgresArrayType: UInt32 { PostgresType.int4Array }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { bytes.appendBigEndian(self) }
    public init?(arrayElementText: String) { self.init(arrayElementText) }
}

extension Data: PostgresArrayElement {
    public static var postgresArrayType: UInt32 { PostgresType.byteaArray }
    public func appendPostgresBinary(to bytes: inout [UInt8]) { bytes.append(contentsOf: self) }
    public init?(arrayElementText: String) {
        var text = arrayElementText
        guard let data = text.withUTF8({ try? Data.decode(postgres: UnsafeRawBufferPointer($0), type: PostgresType.bytea) })
        else { return nil }
        self = data
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: UInt32 { Element.postgresArrayType }
    /// The array in Postgres's binary array format (one dimension, no
    /// NULLs, lower bound 1; each element its length and its bytes): no
    /// text literal to build and quote, nor bytea to write in hex.
    public var postgresBind: PostgresBind {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + count * 12)
        bytes.appendBigEndian(Int32(1))
        bytes.appendBigEndian(Int32(0))
        bytes.appendBigEndian(Int32(bitPattern: Element.postgresType))
        bytes.appendBigEndian(Int32(count))
        bytes.appendBigEndian(Int32(1))
        for element in self {
            let lengthAt = bytes.count
            bytes.appendBigEndian(Int32(0))
            element.appendPostgresBinary(to: &bytes)
            let length = Int32(bytes.count - lengthAt - 4)
            Swift.withUnsafeBytes(of: length.bigEndian) { bytes.replaceSubrange(lengthAt..<lengthAt + 4, with: $0) }
        }
        return PostgresBind(binary: bytes, type: Self.postgresType)
    }
}

extension [UInt8] {
    /// Appends `value` in network byte order.
    mutating func appendBigEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    /// Reads a one-dimensional array; NULL elements are an error.
    public static func decode(postgres text: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> [Element] {
        guard let elements = parseArrayLiteral(text) else { throw failure(text, type) }
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let element, let value = Element(arrayElementText: element) else { throw failure(text, type) }
            values.append(value)
        }
        return values
    }
}
