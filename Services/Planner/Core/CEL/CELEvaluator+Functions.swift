internal import Foundation

extension CELEvaluator {
    static func noOverload(_ function: CELFunction, _ values: [CELValue]) -> CELEvalError {
        CELEvalError(code: .noSuchOverload,
                     message: "no such overload: \(function.rawValue)(\(values.map(\.typeName).joined(separator: ", ")))")
    }

    static func overflow(_ what: String = "integer overflow") -> CELEvalError {
        CELEvalError(code: .overflow, message: what)
    }

    /// Applies a strict function (all arguments evaluated, receiver first).
    mutating func apply(_ function: CELFunction, _ v: [CELValue], at offset: Int) throws(CELEvalError) -> CELValue {
        switch (function, v.count) {
        case (.not, 1):
            guard case .bool(let b) = v[0] else { throw Self.noOverload(function, v) }
            return .bool(!b)
        case (.negate, 1):
            switch v[0] {
            case .int(let i):
                guard i != .min else { throw Self.overflow() }
                return .int(-i)
            case .double(let d): return .double(-d)
            default: throw Self.noOverload(function, v)
            }
        case (.equals, 2): return .bool(CELValue.celEquals(v[0], v[1]))
        case (.notEquals, 2): return .bool(!CELValue.celEquals(v[0], v[1]))
        case (.less, 2), (.lessOrEqual, 2), (.greater, 2), (.greaterOrEqual, 2):
            guard let order = try CELValue.compare(v[0], v[1]) else { return .bool(false) }  // NaN
            switch function {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case (.add, 2): return try add(v[0], v[1], at: offset)
        case (.subtract, 2): return try subtract(v[0], v[1])
        case (.multiply, 2):
            switch (v[0], v[1]) {
            case (.int(let a), .int(let b)):
                let (r, o) = a.multipliedReportingOverflow(by: b)
                guard !o else { throw Self.overflow() }
                return .int(r)
            case (.uint(let a), .uint(let b)):
                let (r, o) = a.multipliedReportingOverflow(by: b)
                guard !o else { throw Self.overflow() }
                return .uint(r)
            case (.double(let a), .double(let b)): return .double(a * b)
            default: throw Self.noOverload(function, v)
            }
        case (.divide, 2), (.modulo, 2):
            let isDivide = function == .divide
            switch (v[0], v[1]) {
            case (.int(let a), .int(let b)):
                guard b != 0 else { throw CELEvalError(code: .divideByZero, message: isDivide ? "divide by zero" : "modulus by zero") }
                let (r, o) = isDivide ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
                guard !o else { throw Self.overflow() }
                return .int(r)
            case (.uint(let a), .uint(let b)):
                guard b != 0 else { throw CELEvalError(code: .divideByZero, message: isDivide ? "divide by zero" : "modulus by zero") }
                return .uint(isDivide ? a / b : a % b)
            case (.double(let a), .double(let b)) where isDivide: return .double(a / b)
            default: throw Self.noOverload(function, v)
            }
        case (.in, 2):
            switch v[1] {
            case .list(let items): return .bool(items.contains { CELValue.celEquals(v[0], $0) })
            case .map(let map):
                switch v[0] {
                case .bool, .int, .uint, .double, .string: return .bool(try map.lookup(v[0]) != nil)
                default: throw Self.noOverload(function, v)  // not a key type
                }
            default: throw Self.noOverload(function, v)
            }
        case (.index, 2):
            switch (v[0], v[1]) {
            case (.list(let items), let key):
                let position: Int64
                switch key {
                case .int(let i): position = i
                case .uint(let u): position = u > UInt64(Int64.max) ? .max : Int64(u)
                case .double(let d):
                    guard let i = Int64(exactly: d) else {
                        throw CELEvalError(code: .invalidArgument, message: "list index \(CELValue.format(double: d)) is not an integer")
                    }
                    position = i
                default: throw Self.noOverload(function, v)
                }
                guard position >= 0, position < items.count else {
                    throw CELEvalError(code: .indexOutOfRange, message: "index \(position) out of range for a list of \(items.count)")
                }
                return items[Int(position)]
            case (.map(let map), let key):
                guard let found = try map.lookup(key) else {
                    throw CELEvalError(code: .noSuchKey, message: "no such key: \(key)")
                }
                return found
            default: throw Self.noOverload(function, v)
            }
        case (.size, 1):
            switch v[0] {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .bytes(let b): return .int(Int64(b.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw Self.noOverload(function, v)
            }
        case (.contains, 2), (.startsWith, 2), (.endsWith, 2):
            guard case .string(let s) = v[0], case .string(let t) = v[1] else { throw Self.noOverload(function, v) }
            // Code-point (UTF-8 byte) comparison, not Swift's canonical equivalence.
            switch function {
            case .startsWith: return .bool(s.utf8.starts(with: t.utf8))
            case .endsWith: return .bool(s.utf8.reversed().starts(with: t.utf8.reversed()))
            default:
                let a = Array(s.utf8), b = Array(t.utf8)
                if b.isEmpty { return .bool(true) }
                guard a.count >= b.count else { return .bool(false) }
                for start in 0...(a.count - b.count) where a[start..<(start + b.count)].elementsEqual(b) { return .bool(true) }
                return .bool(false)
            }
        case (.matches, 2):
            guard case .string(let s) = v[0], case .string(let pattern) = v[1] else { throw Self.noOverload(function, v) }
            let regex: CELRegex
            if let compiled = patterns[pattern] {
                regex = compiled
            } else {
                try spend(pattern.utf8.count, at: offset)
                regex = try CELRegex(pattern)
            }
            // Linear time: at most one step of every instruction per scalar.
            try spend(s.unicodeScalars.count * regex.size / 256, at: offset)
            return .bool(regex.matches(s))
        case (.int, 1): return try Self.toInt(v[0])
        case (.uint, 1): return try Self.toUInt(v[0])
        case (.double, 1):
            switch v[0] {
            case .double: return v[0]
            case .int(let i): return .double(Double(i))
            case .uint(let u): return .double(Double(u))
            case .string(let s):
                guard let d = Self.parseDouble(s) else {
                    throw CELEvalError(code: .invalidArgument, message: "cannot convert string to double")
                }
                return .double(d)
            default: throw Self.noOverload(function, v)
            }
        case (.string, 1):
            switch v[0] {
            case .string: return v[0]
            case .int(let i): return .string(String(i))
            case .uint(let u): return .string(String(u))
            case .double(let d): return .string(CELValue.format(double: d))
            case .bool(let b): return .string(b ? "true" : "false")
            case .bytes(let b):
                guard let s = String(validating: b, as: UTF8.self) else {
                    throw CELEvalError(code: .invalidArgument, message: "invalid UTF-8 in bytes")
                }
                return .string(s)
            case .timestamp(let t): return .string(t.description)
            case .duration(let d): return .string(d.description)
            default: throw Self.noOverload(function, v)
            }
        case (.bytes, 1):
            switch v[0] {
            case .bytes: return v[0]
            case .string(let s): return .bytes(Array(s.utf8))
            default: throw Self.noOverload(function, v)
            }
        case (.bool, 1):
            switch v[0] {
            case .bool: return v[0]
            case .string(let s):
                switch s {
                case "1", "t", "true", "TRUE", "True": return .bool(true)
                case "0", "f", "false", "FALSE", "False": return .bool(false)
                default: throw CELEvalError(code: .invalidArgument, message: "cannot convert string '\(s)' to bool")
                }
            default: throw Self.noOverload(function, v)
            }
        case (.dyn, 1): return v[0]
        case (.type, 1): return .type(v[0].typeName)
        case (.timestamp, 1):
            switch v[0] {
            case .timestamp: return v[0]
            case .string(let s):
                guard let t = CELTimestamp(parsing: s) else {
                    throw CELEvalError(code: .invalidArgument, message: "invalid or out-of-range timestamp '\(s)'")
                }
                return .timestamp(t)
            case .int(let seconds):
                guard let t = CELTimestamp(seconds: seconds) else { throw Self.overflow("timestamp out of range") }
                return .timestamp(t)
            default: throw Self.noOverload(function, v)
            }
        case (.duration, 1):
            switch v[0] {
            case .duration: return v[0]
            case .string(let s):
                guard let d = CELDuration(parsing: s) else {
                    throw CELEvalError(code: .invalidArgument, message: "invalid or out-of-range duration '\(s)'")
                }
                return .duration(d)
            default: throw Self.noOverload(function, v)
            }
        case (.getFullYear, _), (.getMonth, _), (.getDate, _), (.getDayOfMonth, _), (.getDayOfYear, _), (.getDayOfWeek, _),
             (.getHours, _), (.getMinutes, _), (.getSeconds, _), (.getMilliseconds, _):
            return try Self.accessor(function, v)
        default:
            throw Self.noOverload(function, v)
        }
    }

    mutating func add(_ a: CELValue, _ b: CELValue, at offset: Int) throws(CELEvalError) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            guard !o else { throw Self.overflow() }
            return .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            guard !o else { throw Self.overflow() }
            return .uint(r)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.string(let x), .string(let y)):
            try spend((x.utf8.count + y.utf8.count) / 64, at: offset)
            return .string(x + y)
        case (.bytes(let x), .bytes(let y)):
            try spend((x.count + y.count) / 64, at: offset)
            return .bytes(x + y)
        case (.list(let x), .list(let y)):
            try spend((x.count + y.count) / 64, at: offset)
            return .list(x + y)
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return .timestamp(try Self.shift(t, by: d.nanoseconds))
        case (.duration(let x), .duration(let y)):
            let (r, o) = x.nanoseconds.addingReportingOverflow(y.nanoseconds)
            guard !o else { throw Self.overflow("duration out of range") }
            return .duration(CELDuration(nanoseconds: r))
        default: throw Self.noOverload(.add, [a, b])
        }
    }

    func subtract(_ a: CELValue, _ b: CELValue) throws(CELEvalError) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            guard !o else { throw Self.overflow() }
            return .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            guard !o else { throw Self.overflow() }
            return .uint(r)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.timestamp(let t), .duration(let d)):
            guard d.nanoseconds != .min else { throw Self.overflow("timestamp out of range") }
            return .timestamp(try Self.shift(t, by: -d.nanoseconds))
        case (.timestamp(let x), .timestamp(let y)):
            // Seconds differ by less than 2^39, so this cannot overflow before the check.
            let seconds = x.seconds - y.seconds
            let nanos = Int64(x.nanos) - Int64(y.nanos)
            let (scaled, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            let (total, o2) = scaled.addingReportingOverflow(nanos)
            guard !o1, !o2 else { throw Self.overflow("duration out of range") }
            return .duration(CELDuration(nanoseconds: total))
        case (.duration(let x), .duration(let y)):
            let (r, o) = x.nanoseconds.subtractingReportingOverflow(y.nanoseconds)
            guard !o else { throw Self.overflow("duration out of range") }
            return .duration(CELDuration(nanoseconds: r))
        default: throw Self.noOverload(.subtract, [a, b])
        }
    }

    static func shift(_ t: CELTimestamp, by nanoseconds: Int64) throws(CELEvalError) -> CELTimestamp {
        var seconds = t.seconds + nanoseconds / 1_000_000_000
        var nanos = Int64(t.nanos) + nanoseconds % 1_000_000_000
        if nanos < 0 { nanos += 1_000_000_000; seconds -= 1 }
        if nanos >= 1_000_000_000 { nanos -= 1_000_000_000; seconds += 1 }
        guard let shifted = CELTimestamp(seconds: seconds, nanos: Int32(nanos)) else {
            throw overflow("timestamp out of range")
        }
        return shifted
    }

    static func toInt(_ value: CELValue) throws(CELEvalError) -> CELValue {
        switch value {
        case .int: return value
        case .uint(let u):
            guard u <= UInt64(Int64.max) else { throw overflow("int range error") }
            return .int(Int64(u))
        case .double(let d):
            // Both bounds are exclusive: -2^63 and 2^63 are refused, as in cel-go.
            guard d > -9.223372036854775808e18, d < 9.223372036854775808e18 else { throw overflow("int range error") }
            return .int(Int64(d.rounded(.towardZero)))
        case .string(let s):
            guard let i = Int64(s) else { throw CELEvalError(code: .invalidArgument, message: "cannot convert string '\(s)' to int") }
            return .int(i)
        case .timestamp(let t): return .int(t.seconds)
        default: throw noOverload(.int, [value])
        }
    }

    static func toUInt(_ value: CELValue) throws(CELEvalError) -> CELValue {
        switch value {
        case .uint: return value
        case .int(let i):
            guard i >= 0 else { throw overflow("uint range error") }
            return .uint(UInt64(i))
        case .double(let d):
            guard d >= 0, d < 1.8446744073709551616e19 else { throw overflow("uint range error") }
            return .uint(UInt64(d.rounded(.towardZero)))
        case .string(let s):
            guard !s.hasPrefix("-"), let u = UInt64(s) else {
                throw CELEvalError(code: .invalidArgument, message: "cannot convert string '\(s)' to uint")
            }
            return .uint(u)
        default: throw noOverload(.uint, [value])
        }
    }

    /// Decimal floating point, `inf`/`infinity`/`nan` in any case, as Go's ParseFloat accepts.
    static func parseDouble(_ s: String) -> Double? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x20 }) else { return nil }
        if s.lowercased().contains("x") { return nil }  // no hexadecimal floats
        return Double(s)
    }

    /// Timestamp and duration accessors; a timestamp takes an optional time
    /// zone (an IANA name, or `[+-]HH:MM`).
    static func accessor(_ function: CELFunction, _ v: [CELValue]) throws(CELEvalError) -> CELValue {
        switch (v.first, v.count) {
        case (.duration(let d), 1):
            let n = d.nanoseconds
            switch function {
            case .getHours: return .int(n / 3_600_000_000_000)
            case .getMinutes: return .int(n / 60_000_000_000)
            case .getSeconds: return .int(n / 1_000_000_000)
            case .getMilliseconds: return .int(n % 1_000_000_000 / 1_000_000)
            default: throw noOverload(function, v)
            }
        case (.timestamp(let t), 1), (.timestamp(let t), 2):
            var offset: Int64 = 0
            if v.count == 2 {
                guard case .string(let zone) = v[1] else { throw noOverload(function, v) }
                offset = try zoneOffset(zone, at: t)
            }
            let f = t.fields(offsetSeconds: offset)
            switch function {
            case .getFullYear: return .int(f.year)
            case .getMonth: return .int(f.month - 1)
            case .getDate: return .int(f.day)
            case .getDayOfMonth: return .int(f.day - 1)
            case .getDayOfYear: return .int(f.dayOfYear)
            case .getDayOfWeek: return .int(f.dayOfWeek)
            case .getHours: return .int(f.hour)
            case .getMinutes: return .int(f.minute)
            case .getSeconds: return .int(f.second)
            case .getMilliseconds: return .int(Int64(t.nanos) / 1_000_000)
            default: throw noOverload(function, v)
            }
        default:
            throw noOverload(function, v)
        }
    }

    /// The offset from UTC, in seconds, of `zone` at instant `t`.
    static func zoneOffset(_ zone: String, at t: CELTimestamp) throws(CELEvalError) -> Int64 {
        if zone.isEmpty { return 0 }  // as Go's LoadLocation("") and cel-cpp
        let b = Array(zone.utf8)
        // [+-]H:MM or [+-]HH:MM, or without a sign meaning east of UTC.
        var sign: Int64 = 1
        var digits = b[...]
        if let first = b.first, first == 0x2B || first == 0x2D {
            sign = first == 0x2D ? -1 : 1
            digits = b.dropFirst()
        }
        if let colon = digits.firstIndex(of: 0x3A), (1...2).contains(colon - digits.startIndex),
           digits.endIndex - colon == 3,
           digits.allSatisfy({ $0 == 0x3A || (0x30...0x39).contains($0) }),
           let h = Int64(String(decoding: digits[..<colon], as: UTF8.self)),
           let m = Int64(String(decoding: digits[(colon + 1)...], as: UTF8.self)), h < 24, m < 60
        {
            return sign * (h * 3_600 + m * 60)
        }
        guard let timeZone = TimeZone(identifier: zone) else {
            throw CELEvalError(code: .invalidArgument, message: "unknown time zone '\(zone)'")
        }
        return Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t.seconds))))
    }
}
