/// Lowercase hexadecimal, for key ids and messages.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Two lowercase digits per byte.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A 32-bit value as exactly eight lowercase digits, as note key ids are written.
    static func encode(_ value: UInt32) -> String {
        encode([UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
                UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
    }

    /// Exactly eight hex digits (either case, as Go's strconv.ParseUint
    /// accepts) as a 32-bit value; nil for anything else.
    static func decodeUInt32(_ text: some StringProtocol) -> UInt32? {
        let characters = Array(text.utf8)
        guard characters.count == 8 else { return nil }
        var value: UInt32 = 0
        for character in characters {
            let digit: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
