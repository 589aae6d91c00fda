/// The agents working a queue's channel now, as concurrent slots.
public struct Staffing: Sendable, Hashable {
    /// Concurrent slots of the agents staffing the queue on the channel:
    /// connected, on shift, available or busy (away and offline agents
    /// count for nothing).
    public var slots: Int
    /// Of those slots, how many are free now.
    public var freeSlots: Int

    /// Staffing of `slots` slots, `freeSlots` of them free.
    public init(slots: Int, freeSlots: Int) {
        self.slots = slots
        self.freeSlots = freeSlots
    }
}
