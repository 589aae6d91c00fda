/// Writes proto3 JSON into a growing byte array.
///
/// Generated `encodeJSON(into:)` methods call it with member names as static
/// strings (quotes and colon included), so a member costs a comma check and
/// one copy. Commas are tracked here: `beginObject`/`beginArray` reset the
/// flag and every key or element sets it.
public struct JSONWriter {
    /// The bytes written so far.
    public var bytes: [UInt8]
    @usableFromInline var needsComma = false

    /// Creates a writer, reserving `capacity` bytes.
    @inlinable
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Structure

    /// Writes `{`.
    @inlinable
    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Writes `}`.
    @inlinable
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes `[`.
    @inlinable
    public mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Writes `]`.
    @inlinable
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a comma before the next array element when one is due.
    @inlinable
    public mutating func element() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Writes a member name given as `"name":`, with a comma before it when due.
    @inlinable
    public mutating func key(_ quotedNameAndColon: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: UnsafeBufferPointer(start: quotedNameAndColon.utf8Start,
                                                     count: quotedNameAndColon.utf8CodeUnitCount))
        // The value follows; whatever comes after it needs a comma.
        needsComma = false
    }

    /// Writes a map key (always a JSON string) and its colon.
    @inlinable
    public mutating func mapKey(_ key: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a map key for an integer or bool key, which JSON keeps as a string.
    @inlinable
    public mutating func mapKey<T: BinaryInteger>(_ key: T) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        writeDecimal(key)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    /// Writes a map key for a bool key.
    @inlinable
    public mutating func mapKey(_ key: Bool) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        raw(key ? "\"true\":" : "\"false\":")
        needsComma = false
    }

    /// Appends static text as it is.
    @inlinable
    public mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // MARK: Values

    /// Writes `true` or `false`.
    @inlinable
    public mutating func writeBool(_ value: Bool) {
        raw(value ? "true" : "false")
        needsComma = true
    }

    /// Writes a 32-bit integer as a JSON number.
    @inlinable
    public mutating func writeNumber<T: BinaryInteger>(_ value: T) {
        writeDecimal(value)
        needsComma = true
    }

    /// Writes a 64-bit integer as a JSON string, since JSON numbers lose precision past 2^53.
    @inlinable
    public mutating func writeQuoted<T: BinaryInteger>(_ value: T) {
        bytes.append(UInt8(ascii: "\""))
        writeDecimal(value)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    @inlinable
    mutating func writeDecimal<T: BinaryInteger>(_ value: T) {
        // Digits are produced backwards into a stack buffer: no String on the hot path.
        var magnitude = UInt64(truncatingIfNeeded: value.magnitude)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        if magnitude < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            while magnitude > 0 {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    /// Writes a `double`: the shortest text that reads back to the same value,
    /// or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    @inlinable
    public mutating func writeDouble(_ value: Double) {
        if value.isFinite {
            // Swift's description is the shortest round-trip form and valid JSON.
            bytes.append(contentsOf: value.description.utf8)
        } else {
            raw(value.isNaN ? "\"NaN\"" : value < 0 ? "\"-Infinity\"" : "\"Infinity\"")
        }
        needsComma = true
    }

    /// Writes a `float` as the shortest text that reads back to the same `Float`.
    @inlinable
    public mutating func writeFloat(_ value: Float) {
        if value.isFinite {
            bytes.append(contentsOf: value.description.utf8)
        } else {
            raw(value.isNaN ? "\"NaN\"" : value < 0 ? "\"-Infinity\"" : "\"Infinity\"")
        }
        needsComma = true
    }

    /// Writes `null`.
    @inlinable
    public mutating func writeNull() {
        raw("null")
        needsComma = true
    }

    /// Writes a string with JSON escapes.
    @inlinable
    public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0)) }
        needsComma = true
    }

    /// Writes UTF-8 text as a JSON string: `"`, `\` and control characters
    /// escaped, everything else (non-ASCII included) as it is.
    @usableFromInline
    mutating func writeString(utf8: UnsafeRawBufferPointer) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            // Copy the run of plain bytes before the one that needs escaping.
            if index > runStart {
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[runStart..<index]))
            }
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            default:
                let hex: StaticString = "0123456789abcdef"
                raw("\\u00")
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            }
            index += 1
            runStart = index
        }
        if count > runStart {
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: utf8[runStart..<count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `bytes` as standard base64 with padding.
    @inlinable
    public mutating func writeBase64(_ value: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        JSONBase64.encode(value, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes an enum by its `.proto` name, or by number when this build does not know it.
    @inlinable
    public mutating func writeEnum<E: ProtoJSONEnum>(_ value: E) {
        if let name = value.jsonName {
            bytes.append(UInt8(ascii: "\""))
            raw(name)
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
        } else {
            writeNumber(value.rawValue)
        }
    }

    /// Writes a message as a JSON value.
    @inlinable
    public mutating func writeMessage<M: ProtoJSONMessage>(_ value: M) {
        value.encodeJSON(into: &self)
        needsComma = true
    }
}
