/// Strict UTF-8 validation for `string` fields (Unicode 15, table 3-7:
/// no overlong forms, no surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
    /// The string the bytes spell, or `nil` when they are not well-formed UTF-8.
    @inlinable
    public static func string(from bytes: UnsafeRawBufferPointer) -> String? {
        guard isValid(bytes) else { return nil }
        // Valid input: String(decoding:) repairs nothing and only copies.
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `bytes` is well-formed UTF-8.
    @inlinable
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var index = bytes.baseAddress.map({ _ in 0 }) else { return true }
        let count = bytes.count
        // ASCII fast path, eight bytes at a time.
        while index + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= lower && second <= upper else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }
}
