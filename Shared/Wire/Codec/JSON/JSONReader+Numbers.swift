extension JSONReader {
    /// Reads a number token (the cursor on its first byte), checking RFC 8259's grammar.
    @usableFromInline
    mutating func readNumberToken() throws(JSONError) -> UnsafeRawBufferPointer {
        let begin = cursor
        guard let length = JSONNumber.scan(UnsafeRawBufferPointer(start: cursor, count: end - cursor)) else {
            throw error(.syntax, "invalid number")
        }
        cursor += length
        // A number must end at a delimiter: `12abc` is not two tokens.
        if cursor < end {
            switch cursor.load(as: UInt8.self) {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break
            default: throw error(.syntax, "invalid number")
            }
        }
        return UnsafeRawBufferPointer(start: begin, count: length)
    }

    /// Reads an integer given as a number or a string, as a sign and magnitude.
    /// Range errors are the caller's: it knows the type; `text(from:)` rebuilds
    /// the token for its message only then, so the hot path makes no `String`.
    @usableFromInline
    mutating func readInteger(typeName: String) throws(JSONError) -> (negative: Bool, magnitude: UInt64) {
        let offsetBefore = offset
        let next = peek()
        let parsed: JSONNumber.Integer
        if next == UInt8(ascii: "\"") {
            let key = try readStringToken()
            parsed = try key.withBytes { (buffer) throws(JSONError) in
                JSONNumber.scan(buffer) == buffer.count ? JSONNumber.integer(buffer) : .invalid
            }
        } else if let next, next == UInt8(ascii: "-") || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) {
            parsed = JSONNumber.integer(try readNumberToken())
        } else {
            throw wrongType(expected: "an integer")
        }
        switch parsed {
        case .value(let negative, let magnitude): return (negative, magnitude)
        case .invalid, .fraction:
            throw JSONError(.notAnInteger, "\(text(from: offsetBefore)) is not an integer", offset: offsetBefore)
        case .overflow:
            throw JSONError(.outOfRange, "\(text(from: offsetBefore)) is out of range for \(typeName)", offset: offsetBefore)
        }
    }

    /// The input from `offset` to the cursor, as written, for error messages.
    @usableFromInline
    func text(from offset: Int) -> String {
        var begin = start + offset
        // The offset was taken before the whitespace ahead of the value.
        while begin < cursor, [0x20, 0x0A, 0x0D, 0x09].contains(begin.load(as: UInt8.self)) { begin += 1 }
        return String(decoding: UnsafeRawBufferPointer(start: begin, count: cursor - begin), as: UTF8.self)
    }

    /// Reads an `int32`, `sint32` or `sfixed32` (a number or a string).
    @inlinable
    public mutating func readInt32() throws(JSONError) -> Int32 {
        let offsetBefore = offset
        let (negative, magnitude) = try readInteger(typeName: "int32")
        guard magnitude <= (negative ? 0x8000_0000 : 0x7FFF_FFFF) else {
            throw JSONError(.outOfRange, "\(text(from: offsetBefore)) is out of range for int32", offset: offsetBefore)
        }
        return negative ? Int32(truncatingIfNeeded: 0 &- Int64(magnitude)) : Int32(magnitude)
    }

    /// Reads a `uint32` or `fixed32`.
    @inlinable
    public mutating func readUInt32() throws(JSONError) -> UInt32 {
        let offsetBefore = offset
        let (negative, magnitude) = try readInteger(typeName: "uint32")
        guard magnitude <= UInt64(UInt32.max), !negative || magnitude == 0 else {
            throw JSONError(.outOfRange, "\(text(from: offsetBefore)) is out of range for uint32", offset: offsetBefore)
        }
        return UInt32(magnitude)
    }

    /// Reads an `int64`, `sint64` or `sfixed64`.
    @inlinable
    public mutating func readInt64() throws(JSONError) -> Int64 {
        let offsetBefore = offset
        let (negative, magnitude) = try readInteger(typeName: "int64")
        guard magnitude <= (negative ? 0x8000_0000_0000_0000 : 0x7FFF_FFFF_FFFF_FFFF) else {
            throw JSONError(.outOfRange, "\(text(from: offsetBefore)) is out of range for int64", offset: offsetBefore)
        }
        return negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude)
    }

    /// Reads a `uint64` or `fixed64`.
    @inlinable
    public mutating func readUInt64() throws(JSONError) -> UInt64 {
        let offsetBefore = offset
        let (negative, magnitude) = try readInteger(typeName: "uint64")
        guard !negative || magnitude == 0 else {
            throw JSONError(.outOfRange, "\(text(from: offsetBefore)) is out of range for uint64", offset: offsetBefore)
        }
        return magnitude
    }

    /// Reads the text of a floating-point value: a number, a quoted number, or
    /// one of the special strings (returned as nil with the value).
    @usableFromInline
    mutating func readFloatingText() throws(JSONError) -> (text: String, special: Double?) {
        let next = peek()
        if next == UInt8(ascii: "\"") {
            let offsetBefore = offset
            let key = try readStringToken()
            if key.matches("NaN") { return ("NaN", .nan) }
            if key.matches("Infinity") { return ("Infinity", .infinity) }
            if key.matches("-Infinity") { return ("-Infinity", -.infinity) }
            let valid = try key.withBytes { (buffer) throws(JSONError) in JSONNumber.scan(buffer) == buffer.count }
            guard valid else {
                throw JSONError(.wrongType, "\(JSONReader.quote(key.text)) is not a number", offset: offsetBefore)
            }
            return (key.text, nil)
        }
        guard let next, next == UInt8(ascii: "-") || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")) else {
            throw wrongType(expected: "a number")
        }
        return (String(decoding: try readNumberToken(), as: UTF8.self), nil)
    }

    /// Reads a `double`: a number, or "NaN", "Infinity", "-Infinity".
    @inlinable
    public mutating func readDouble() throws(JSONError) -> Double {
        let offsetBefore = offset
        let (text, special) = try readFloatingText()
        if let special { return special }
        guard let value = Double(text), value.isFinite else {
            throw JSONError(.outOfRange, "\(text) is out of range for double", offset: offsetBefore)
        }
        return value
    }

    /// Reads a `float`: a number within its range, or "NaN", "Infinity", "-Infinity".
    @inlinable
    public mutating func readFloat() throws(JSONError) -> Float {
        let offsetBefore = offset
        let (text, special) = try readFloatingText()
        if let special { return Float(special) }
        // Parsing as Float directly rounds once, to the nearest float.
        guard let value = Float(text), value.isFinite else {
            throw JSONError(.outOfRange, "\(text) is out of range for float", offset: offsetBefore)
        }
        return value
    }
}

/// The JSON number grammar and exact integer conversion.
@usableFromInline
enum JSONNumber {
    /// The length of the number at the start of `bytes`, or nil when it is not one.
    @usableFromInline
    static func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        func isDigit(_ i: Int) -> Bool { i < count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        if index < count && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return nil }
            while isDigit(index) { index += 1 }
        }
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard isDigit(index) else { return nil }
            while isDigit(index) { index += 1 }
        }
        return index
    }

    /// An integer read exactly from number text.
    @usableFromInline
    enum Integer {
        case value(negative: Bool, magnitude: UInt64)
        case fraction
        case overflow
        case invalid
    }

    /// Converts number text (already checked by `scan`) to an integer exactly:
    /// `1e3` is 1000, `1.50e1` is 15, `11.5` has a fraction, and no rounding
    /// through `Double` ever happens.
    @usableFromInline
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Integer {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return .invalid }
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        // Fast path: plain digits.
        var magnitude: UInt64 = 0
        var overflow = false
        // Digits after the point that are not yet applied, and whether any is non-zero.
        var pendingZeros = 0
        var scale = 0
        var seenPoint = false
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                index += 1
                continue
            }
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return .invalid }
            let digit = UInt64(byte - UInt8(ascii: "0"))
            if seenPoint { scale -= 1 }
            if digit == 0 && seenPoint {
                // Trailing zeros after the point may cancel out; keep them aside.
                pendingZeros += 1
            } else {
                for _ in 0..<pendingZeros {
                    let (m, o) = magnitude.multipliedReportingOverflow(by: 10)
                    magnitude = m
                    overflow = overflow || o
                }
                pendingZeros = 0
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (n, o2) = m.addingReportingOverflow(digit)
                magnitude = n
                overflow = overflow || o1 || o2
            }
            index += 1
        }
        // The pending zeros were not multiplied in: undo their share of the scale.
        scale += pendingZeros
        var exponent = 0
        if index < count {
            index += 1
            var exponentNegative = false
            if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < count {
                // Cap the exponent: anything this large is out of range or zero anyway.
                exponent = min(exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")), 100_000)
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        scale += exponent
        if magnitude == 0 && !overflow { return .value(negative: negative, magnitude: 0) }
        if scale < 0 {
            for _ in 0..<(-scale) {
                guard magnitude % 10 == 0 else { return .fraction }
                magnitude /= 10
                if overflow { return .overflow }
            }
        } else if scale > 0 {
            for _ in 0..<scale {
                let (m, o) = magnitude.multipliedReportingOverflow(by: 10)
                if o { return .overflow }
                magnitude = m
            }
        }
        return overflow ? .overflow : .value(negative: negative, magnitude: magnitude)
    }
}
