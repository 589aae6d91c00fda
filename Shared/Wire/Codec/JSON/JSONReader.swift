/// Reads JSON from memory one token at a time, defensively.
///
/// Generated `mergeJSON(from:)` methods pull exactly the tokens their fields
/// expect, so a document is parsed once, straight into the message, with no
/// intermediate tree. Every read checks the bytes left; nesting is limited
/// like the binary decoder's, and every problem is a ``JSONError``.
public struct JSONReader {
    @usableFromInline let start: UnsafeRawPointer
    @usableFromInline var cursor: UnsafeRawPointer
    @usableFromInline let end: UnsafeRawPointer
    @usableFromInline var depthRemaining: Int
    /// Set by `beginObject`/`beginArray`: the next member or element is the first.
    @usableFromInline var afterOpen = false
    /// The options the document is decoded with.
    public let options: JSONDecodingOptions

    /// Creates a reader over `buffer`.
    @inlinable
    public init(buffer: UnsafeRawBufferPointer, options: JSONDecodingOptions = .default) {
        let base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!
        start = base
        cursor = base
        end = base + buffer.count
        depthRemaining = options.maxDepth
        self.options = options
    }

    /// The offset of the cursor from the start of the input.
    @inlinable
    public var offset: Int { cursor - start }

    /// An error at the cursor.
    @inlinable
    public func error(_ code: JSONError.Code, _ reason: String) -> JSONError {
        JSONError(code, reason, offset: cursor - start)
    }

    @inlinable
    mutating func skipWhitespace() {
        while cursor < end {
            switch cursor.load(as: UInt8.self) {
            case 0x20, 0x0A, 0x0D, 0x09: cursor += 1
            default: return
            }
        }
    }

    /// The next byte after whitespace, not consumed; nil at the end.
    @inlinable
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return cursor < end ? cursor.load(as: UInt8.self) : nil
    }

    /// A short description of the value at the cursor, for "wrong type" errors.
    @usableFromInline
    mutating func describeNext() -> String {
        switch peek() {
        case nil: "end of input"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a bool"
        case UInt8(ascii: "n"): "null"
        default: "a number"
        }
    }

    @usableFromInline
    mutating func wrongType(expected: String) -> JSONError {
        error(.wrongType, "expected \(expected), found \(describeNext())")
    }

    /// Consumes `literal` (`true`, `false`, `null`) when it is next.
    @inlinable
    mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - cursor >= count else { return false }
        for index in 0..<count where cursor.load(fromByteOffset: index, as: UInt8.self) != literal.utf8Start[index] {
            return false
        }
        cursor += count
        return true
    }

    // MARK: Structure

    /// Consumes `null` if it is the next value and says whether it was.
    @inlinable
    public mutating func consumeNull() -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        return consumeLiteral("null")
    }

    /// Consumes the `{` of an object, one level deeper.
    @inlinable
    public mutating func beginObject() throws(JSONError) {
        guard peek() == UInt8(ascii: "{") else { throw wrongType(expected: "an object") }
        guard depthRemaining > 0 else { throw error(.depthLimitExceeded, "objects and arrays nested deeper than \(options.maxDepth)") }
        depthRemaining -= 1
        cursor += 1
        afterOpen = true
    }

    /// Reads the next member name and its colon, or consumes the `}` and returns nil.
    @inlinable
    public mutating func nextKey() throws(JSONError) -> JSONKey? {
        var next = peek()
        if afterOpen {
            afterOpen = false
            if next == UInt8(ascii: "}") {
                cursor += 1
                depthRemaining += 1
                return nil
            }
        } else {
            if next == UInt8(ascii: "}") {
                cursor += 1
                depthRemaining += 1
                return nil
            }
            guard next == UInt8(ascii: ",") else { throw error(.syntax, "expected ',' or '}'") }
            cursor += 1
            next = peek()
        }
        guard next == UInt8(ascii: "\"") else { throw error(.syntax, "expected a member name") }
        let key = try readStringToken()
        guard peek() == UInt8(ascii: ":") else { throw error(.syntax, "expected ':' after a member name") }
        cursor += 1
        return key
    }

    /// Consumes the `[` of an array, one level deeper.
    @inlinable
    public mutating func beginArray() throws(JSONError) {
        guard peek() == UInt8(ascii: "[") else { throw wrongType(expected: "an array") }
        guard depthRemaining > 0 else { throw error(.depthLimitExceeded, "objects and arrays nested deeper than \(options.maxDepth)") }
        depthRemaining -= 1
        cursor += 1
        afterOpen = true
    }

    /// Moves to the next element and returns true, or consumes the `]` and returns false.
    @inlinable
    public mutating func nextElement() throws(JSONError) -> Bool {
        let next = peek()
        if next == UInt8(ascii: "]") {
            // `[1,]` is not JSON: a `]` is fine only right after `[` or an element.
            cursor += 1
            depthRemaining += 1
            afterOpen = false
            return false
        }
        if afterOpen {
            afterOpen = false
        } else {
            guard next == UInt8(ascii: ",") else { throw error(.syntax, "expected ',' or ']'") }
            cursor += 1
            guard peek() != UInt8(ascii: "]") else { throw error(.syntax, "expected a value after ','") }
        }
        return true
    }

    /// Checks that only whitespace follows the top-level value.
    @inlinable
    public mutating func finish() throws(JSONError) {
        guard peek() == nil else { throw error(.syntax, "unexpected bytes after the value") }
    }

    // MARK: Strings

    /// Reads a string token (the cursor on its opening quote), unescaping it.
    @usableFromInline
    mutating func readStringToken() throws(JSONError) -> JSONKey {
        cursor += 1
        let begin = cursor
        // Fast path: scan to the closing quote; most strings have no escapes.
        while cursor < end {
            let byte = cursor.load(as: UInt8.self)
            if byte == UInt8(ascii: "\"") {
                let view = UnsafeRawBufferPointer(start: begin, count: cursor - begin)
                cursor += 1
                return JSONKey(view: view, copy: nil)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(.invalidString, "control character in a string") }
            cursor += 1
        }
        guard cursor < end else { throw error(.syntax, "unterminated string") }
        var copy = [UInt8](UnsafeRawBufferPointer(start: begin, count: cursor - begin))
        while cursor < end {
            let byte = cursor.load(as: UInt8.self)
            if byte == UInt8(ascii: "\"") {
                cursor += 1
                return JSONKey(view: UnsafeRawBufferPointer(start: nil, count: 0), copy: copy)
            }
            if byte < 0x20 { throw error(.invalidString, "control character in a string") }
            if byte != UInt8(ascii: "\\") {
                copy.append(byte)
                cursor += 1
                continue
            }
            guard end - cursor >= 2 else { throw error(.syntax, "unterminated string") }
            let escaped = cursor.load(fromByteOffset: 1, as: UInt8.self)
            cursor += 2
            switch escaped {
            case UInt8(ascii: "\""): copy.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): copy.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): copy.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): copy.append(0x08)
            case UInt8(ascii: "f"): copy.append(0x0C)
            case UInt8(ascii: "n"): copy.append(0x0A)
            case UInt8(ascii: "r"): copy.append(0x0D)
            case UInt8(ascii: "t"): copy.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by an escaped low one.
                    guard end - cursor >= 2, cursor.load(as: UInt8.self) == UInt8(ascii: "\\"),
                          cursor.load(fromByteOffset: 1, as: UInt8.self) == UInt8(ascii: "u") else {
                        throw error(.invalidString, "lone surrogate \\u\(hex(scalar)) in a string")
                    }
                    cursor += 2
                    let low = try readHex4()
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw error(.invalidString, "lone surrogate \\u\(hex(scalar)) in a string")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error(.invalidString, "lone surrogate \\u\(hex(scalar)) in a string")
                }
                appendUTF8(scalar, to: &copy)
            default:
                throw error(.invalidString, "invalid escape in a string")
            }
        }
        throw error(.syntax, "unterminated string")
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    @usableFromInline
    mutating func readHex4() throws(JSONError) -> UInt32 {
        guard end - cursor >= 4 else { throw error(.syntax, "unterminated string") }
        var value: UInt32 = 0
        for index in 0..<4 {
            let byte = cursor.load(fromByteOffset: index, as: UInt8.self)
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidString, "invalid \\u escape in a string")
            }
            value = value << 4 | UInt32(digit)
        }
        cursor += 4
        return value
    }

    @usableFromInline
    func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Reads a JSON string as a key-like token, for enums and map keys.
    @inlinable
    public mutating func readStringKey(expected: String = "a string") throws(JSONError) -> JSONKey {
        guard peek() == UInt8(ascii: "\"") else { throw wrongType(expected: expected) }
        return try readStringToken()
    }

    /// Reads a `string` value.
    @inlinable
    public mutating func readString() throws(JSONError) -> String {
        let offsetBefore = offset
        let key = try readStringKey()
        let string: String? = if let copy = key.copy {
            copy.withUnsafeBytes { UTF8Validation.string(from: $0) }
        } else {
            UTF8Validation.string(from: key.view)
        }
        guard let string else { throw JSONError(.invalidString, "string is not valid UTF-8", offset: offsetBefore) }
        return string
    }

    /// Reads a `bytes` value from base64.
    @inlinable
    public mutating func readBytes() throws(JSONError) -> [UInt8] {
        let offsetBefore = offset
        let key = try readStringKey(expected: "a base64 string")
        let bytes = try key.withBytes { (buffer) throws(JSONError) in JSONBase64.decode(buffer) }
        guard let bytes else { throw JSONError(.invalidBase64, "\(Self.quote(key.text)) is not base64", offset: offsetBefore) }
        return bytes
    }

    /// Reads a `bool` value.
    @inlinable
    public mutating func readBool() throws(JSONError) -> Bool {
        switch peek() {
        case UInt8(ascii: "t") where consumeLiteral("true"): return true
        case UInt8(ascii: "f") where consumeLiteral("false"): return false
        default: throw wrongType(expected: "true or false")
        }
    }

    /// Reads an enum value by its `.proto` name or its number.
    @inlinable
    public mutating func readEnum<E: ProtoJSONEnum>(_: E.Type = E.self) throws(JSONError) -> E {
        if peek() == UInt8(ascii: "\"") {
            let offsetBefore = offset
            let key = try readStringToken()
            guard let value = E(jsonName: key) else {
                throw JSONError(.unknownEnumValue, "\(Self.quote(key.text)) is not a value of \(E.protoEnumName)",
                                offset: offsetBefore)
            }
            return value
        }
        return E(rawValue: try readInt32())
    }

    /// Reads a message (a JSON object, or a string for the well-known types that use one).
    @inlinable
    public mutating func readMessage<M: ProtoJSONMessage>(_: M.Type = M.self) throws(JSONError) -> M {
        var message = M()
        try message.mergeJSON(from: &self)
        return message
    }

    /// Rejects a member no field is named after, or skips its value when the options say so.
    @inlinable
    public mutating func unknownField(_ key: JSONKey) throws(JSONError) {
        guard options.ignoreUnknownFields else {
            throw JSONError(.unknownField, "unknown field", offset: offset, path: [.field(key.text)])
        }
        try skipValue()
    }

    /// The error for a field given twice.
    @inlinable
    public func duplicateField() -> JSONError {
        error(.duplicateField, "field given more than once")
    }

    /// Skips one value of any type.
    public mutating func skipValue() throws(JSONError) {
        switch peek() {
        case UInt8(ascii: "{"):
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            while try nextElement() { try skipValue() }
        case UInt8(ascii: "\""):
            _ = try readStringToken()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool()
        case UInt8(ascii: "n"):
            guard consumeLiteral("null") else { throw error(.syntax, "invalid literal") }
        case nil:
            throw error(.syntax, "unexpected end of input")
        default:
            _ = try readNumberToken()
        }
    }

    /// `text` in double quotes, for messages.
    @usableFromInline
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += "\\u" + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
