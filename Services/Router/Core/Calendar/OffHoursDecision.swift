public import Foundation

/// What happens to an escalation given its queue's business hours.
public enum OffHoursDecision: Sendable, Hashable {
    /// The queue is open: route as usual.
    case open
    /// Take the emergency path now.
    case onCall(OnCallPath)
    /// Schedule a callback at the queue's next opening.
    case callback(at: Date)
    /// Stay queued until the queue opens at `nextOpening`; nil when it never
    /// opens again (expire the escalation).
    case waitForOpening(nextOpening: Date?)
}
