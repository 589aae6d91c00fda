extension Agent {
    /// The agent's level in `skill`, nil when they do not have it.
    public func level(of skill: String) -> Int? {
        skills.first { $0.skill == skill }?.level
    }

    /// Maximum concurrent work over all channels.
    public var totalCapacity: Int {
        maxTotalConcurrent > 0 ? maxTotalConcurrent : capacities.values.reduce(0, +)
    }

    /// True when the agent serves `channel` at all.
    public func serves(_ channel: Channel) -> Bool {
        (capacities[channel] ?? 0) > 0
    }

    /// Work the agent can still take on `channel` with `load`: the smaller of
    /// the channel's and the overall free slots, never negative.
    public func spareCapacity(on channel: Channel, load: [Channel: Int]) -> Int {
        let channelSpare = (capacities[channel] ?? 0) - (load[channel] ?? 0)
        let totalSpare = totalCapacity - load.values.reduce(0, +)
        return max(0, min(channelSpare, totalSpare))
    }
}
