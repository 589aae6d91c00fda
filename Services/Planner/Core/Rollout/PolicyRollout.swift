/// Which policy version decides a conversation: the active version, or a
/// canary for a stable share of conversations or for chosen channels.
public struct PolicyRollout: Sendable, Equatable {
    /// The version in force for everything the canary does not take; 0 when
    /// none is active.
    public var activeVersion: UInt32
    /// The canary version; 0 when there is none.
    public var canaryVersion: UInt32
    /// Share of conversations (0 to 100) the canary takes.
    public var canaryPercent: UInt32
    /// Channels (lower-case names, as in the policy input) whose
    /// conversations all go to the canary.
    public var canaryChannels: Set<String>

    /// A rollout.
    public init(activeVersion: UInt32, canaryVersion: UInt32 = 0, canaryPercent: UInt32 = 0, canaryChannels: Set<String> = []) {
        self.activeVersion = activeVersion
        self.canaryVersion = canaryVersion
        self.canaryPercent = canaryPercent
        self.canaryChannels = canaryChannels
    }

    /// The version that decides conversation `id` on `channel`; 0 when no
    /// version is in force.
    public func version(conversation id: String, channel: String) -> UInt32 {
        guard canaryVersion != 0 else { return activeVersion }
        if canaryChannels.contains(channel) { return canaryVersion }
        return Self.bucket(of: id) < canaryPercent * 100 ? canaryVersion : activeVersion
    }

    /// A stable bucket in 0..<10000 for a conversation id: FNV-1a (64-bit)
    /// of its UTF-8 bytes. Documented so that a tenant can tell in advance
    /// which conversations a canary takes; it never changes between
    /// releases or replicas (Swift's `hashValue` is seeded per process).
    public static func bucket(of id: String) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return UInt32(hash % 10_000)
    }
}
