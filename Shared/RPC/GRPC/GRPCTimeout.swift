/// The `grpc-timeout` header: at most eight digits and a unit (H, M, S, m, u, n).
enum GRPCTimeout {
    /// The duration the header names, or nil when it is malformed.
    static func parse(_ value: String) -> Duration? {
        let bytes = Array(value.utf8)
        guard bytes.count >= 2, bytes.count <= 9, let unit = bytes.last else { return nil }
        var amount: Int64 = 0
        for byte in bytes.dropLast() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            amount = amount * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        switch unit {
        case UInt8(ascii: "H"): return .seconds(amount * 3600)
        case UInt8(ascii: "M"): return .seconds(amount * 60)
        case UInt8(ascii: "S"): return .seconds(amount)
        case UInt8(ascii: "m"): return .milliseconds(amount)
        case UInt8(ascii: "u"): return .microseconds(amount)
        case UInt8(ascii: "n"): return .nanoseconds(amount)
        default: return nil
        }
    }

    /// The header value for `duration`, rounded up (the peer never sees a
    /// shorter deadline than ours) in the coarsest unit that `duration` holds
    /// at least a thousand of: the peer sees at most 0.1 % more, and a fixed
    /// timeout (a proxy's deadline cap, a client's constant one) renders the
    /// same on every call although a few microseconds pass before it is sent,
    /// so HPACK indexes the header instead of sending it literally each time.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = max(0, seconds) &* 1_000_000_000 &+ max(0, attoseconds / 1_000_000_000)
        let units: [(Int64, String)] = [(3_600_000_000_000, "H"), (60_000_000_000, "M"), (1_000_000_000, "S"),
                                        (1_000_000, "m"), (1_000, "u"), (1, "n")]
        for (scale, unit) in units where scale == 1 || scale <= nanoseconds / 1_000 {
            // At least a thousand units: eight digits hold it unless even hours do not (then the longest there is).
            return "\(min((nanoseconds + scale - 1) / scale, 99_999_999))\(unit)"
        }
        return "0n"
    }
}
