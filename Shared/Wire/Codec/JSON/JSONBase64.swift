/// Base64 for `bytes` fields: standard alphabet with padding out, and both
/// the standard and URL-safe alphabets, padded or not, in (as the proto3 JSON
/// mapping asks).
public enum JSONBase64 {
    @usableFromInline static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the standard base64 of `input` to `output`.
    @inlinable
    public static func encode(_ input: [UInt8], into output: inout [UInt8]) {
        let table = alphabet
        var index = 0
        let count = input.count
        while index + 3 <= count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(table[Int(chunk >> 18 & 63)])
            output.append(table[Int(chunk >> 12 & 63)])
            output.append(table[Int(chunk >> 6 & 63)])
            output.append(table[Int(chunk & 63)])
            index += 3
        }
        let rest = count - index
        if rest == 1 {
            let chunk = UInt32(input[index]) << 16
            output.append(table[Int(chunk >> 18 & 63)])
            output.append(table[Int(chunk >> 12 & 63)])
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        } else if rest == 2 {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(table[Int(chunk >> 18 & 63)])
            output.append(table[Int(chunk >> 12 & 63)])
            output.append(table[Int(chunk >> 6 & 63)])
            output.append(UInt8(ascii: "="))
        }
    }

    /// The value of one base64 character in either alphabet, or nil.
    @inlinable
    static func value(of byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }

    /// Decodes base64 text, or returns nil when it is not base64.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var count = text.count
        // Padding is optional; when present it must complete a quantum.
        if count % 4 == 0 && count > 0 {
            if text[count - 1] == UInt8(ascii: "=") { count -= 1 }
            if text[count - 1] == UInt8(ascii: "=") { count -= 1 }
        }
        if count % 4 == 1 { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in 0..<count {
            guard let value = value(of: text[index]) else { return nil }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
