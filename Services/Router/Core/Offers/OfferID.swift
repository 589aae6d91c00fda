public import Foundation

/// Offer ids: version 7 UUIDs (RFC 9562), 48 bits of Unix time in
/// milliseconds and then random bits, so that the offers made together sit
/// together at the end of the offers' primary-key index. Random (version 4)
/// ids put each new offer on a random page of that index, which after every
/// checkpoint costs a full page image in the WAL per page first touched.
public enum OfferID {
    /// A new id for an offer made at `date`, its random bits from `generator`.
    public static func make(at date: Date, using generator: inout some RandomNumberGenerator) -> UUID {
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        let high = generator.next() as UInt64, low = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        for index in 6..<16 {
            let random = index < 8 ? high >> (8 * index) : low >> (8 * (index - 8))
            bytes[index] = UInt8(truncatingIfNeeded: random)
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)  // the RFC's variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A new id for an offer made at `date`.
    public static func make(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return make(at: date, using: &generator)
    }
}
