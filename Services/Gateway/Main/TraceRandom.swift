import Synchronization

/// Random 64-bit values for trace and span ids: SplitMix64 (Steele, Lea and
/// Flood) seeded once from the system generator. Ids must be unique, not
/// unpredictable, and a system random number per id costs a system call.
final class TraceRandom: Sendable {
    private let state = Mutex<UInt64>(UInt64.random(in: 0...UInt64.max))

    /// The next value.
    func next() -> UInt64 {
        var z = state.withLock { state -> UInt64 in
            state &+= 0x9E37_79B9_7F4A_7C15
            return state
        }
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
