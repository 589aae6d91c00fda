/// Why an escalation ended without an agent. Raw values are the wire's
/// `baton.router.v1.ExpiryReason`.
public enum ExpiryReason: Int, Sendable, Hashable, CaseIterable {
    /// The queue's `max_wait` passed.
    case maxWait = 1
    /// The queue sets no `max_wait`, and `QueueConfig.defaultMaxWait` passed.
    case defaultMaxWait = 2
    /// The queue's `max_offers` were made and none was accepted.
    case maxOffers = 3
    /// The queue is closed and never opens again.
    case queueNeverOpens = 4

    /// The line the escalation's history records.
    public var detail: String {
        switch self {
        case .maxWait: "no agent within the queue's max_wait"
        case .defaultMaxWait: "no agent within the default max wait (the queue sets none)"
        case .maxOffers: "no agent accepted within the queue's max_offers"
        case .queueNeverOpens: "the queue is closed and never opens again"
        }
    }
}
