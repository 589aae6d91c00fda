import Wire

/// base64url without padding (RFC 4648 §5), as JOSE writes its parts
/// (RFC 7515 §2) and as API key secrets are written.
///
/// Reading is strict: no padding, no whitespace, no standard-alphabet `+` or
/// `/`, and the unused low bits of the last character must be zero, so every
/// byte string has exactly one accepted encoding (a token cannot be altered
/// without altering its signing input).
enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each byte as a base64url digit, 0xFF when it is not one.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// Whether `byte` is a base64url digit.
    static func isDigit(_ byte: UInt8) -> Bool { values[Int(byte)] != 0xFF }

    /// The unpadded base64url text of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [18, 12, 6, 0].map { alphabet[Int((n >> $0) & 63)] }
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out += [18, 12].map { alphabet[Int((n >> $0) & 63)] }
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [18, 12, 6].map { alphabet[Int((n >> $0) & 63)] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil unless it is strict unpadded base64url.
    /// The checks are made here; Wire's decoder (which takes either alphabet,
    /// padded or not) then does the decoding.
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let digits = Array(text)
        guard digits.count % 4 != 1, digits.allSatisfy(isDigit) else { return nil }
        // A last group of 2 or 3 digits leaves 4 or 2 low bits that carry no byte: they must be zero.
        if let last = digits.last, digits.count % 4 != 0 {
            let unused: UInt8 = digits.count % 4 == 2 ? 0x0F : 0x03
            guard values[Int(last)] & unused == 0 else { return nil }
        }
        return digits.withUnsafeBytes { JSONBase64.decode($0) }
    }
}
