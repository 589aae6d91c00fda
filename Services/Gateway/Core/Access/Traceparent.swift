/// W3C Trace Context (`traceparent`): the gateway continues the caller's
/// trace with a span of its own, or starts one, and forwards that upstream.
public struct Traceparent: Sendable, Hashable {
    /// 32 lower-case hex digits, not all zero.
    public var traceID: String
    /// 16 lower-case hex digits, not all zero: the span that sent the request.
    public var parentID: String
    /// Trace flags (bit 0: sampled).
    public var flags: UInt8

    /// Reads a `traceparent` header (version 00, or a later version read as 00
    /// as the specification asks); nil when invalid.
    public init?(header: String) {
        let parts = header.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts[0] != "ff", parts.prefix(4).allSatisfy({ $0.allSatisfy(Self.isLowerHex) }),
              !(parts[0] == "00" && parts.count != 4),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }),
              let flags = UInt8(parts[3], radix: 16) else { return nil }
        traceID = String(parts[1])
        parentID = String(parts[2])
        self.flags = flags
    }

    /// Creates a value.
    public init(traceID: String, parentID: String, flags: UInt8) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// The header to forward: the same trace, `spanID` as the parent, the caller's flags.
    public func child(spanID: String) -> Traceparent {
        Traceparent(traceID: traceID, parentID: spanID, flags: flags)
    }

    /// The header's text.
    public var header: String {
        // Built in one buffer: the gateway makes one per call.
        var traceID = traceID
        var parentID = parentID
        return traceID.withUTF8 { trace in parentID.withUTF8 { parent in
            String(unsafeUninitializedCapacity: 3 + trace.count + 1 + parent.count + 3) { out in
                var index = 0
                func put(_ byte: UInt8) { out[index] = byte; index += 1 }
                put(UInt8(ascii: "0")); put(UInt8(ascii: "0")); put(UInt8(ascii: "-"))
                for byte in trace { put(byte) }
                put(UInt8(ascii: "-"))
                for byte in parent { put(byte) }
                put(UInt8(ascii: "-"))
                put(Self.hexDigits[Int(flags >> 4)]); put(Self.hexDigits[Int(flags & 15)])
                return index
            }
        } }
    }

    /// A new trace (sampled flag clear), from random 128 and 64 bits.
    public static func start(random: (UInt64, UInt64, UInt64)) -> Traceparent {
        Traceparent(traceID: hex16(random.0 | 1) + hex16(random.1), parentID: hex16(random.2 | 1), flags: 0)
    }

    /// `value` as 16 lower-case hex digits.
    public static func hex16(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { out in
            for index in 0..<16 { out[index] = hexDigits[Int((value >> (60 - 4 * UInt64(index))) & 15)] }
            return 16
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isLowerHex(_ character: Character) -> Bool {
        ("0"..."9").contains(character) || ("a"..."f").contains(character)
    }
}
