public import Foundation

/// Decides what happens to an escalation when its queue is closed, and when
/// an urgent one takes the on-call path.
///
/// Closed queue: an escalation the on-call path covers (its category or
/// urgency, see `OnCallPath.covers`) takes it at once; otherwise it gets a
/// callback at the next opening when the queue offers callbacks, else it
/// waits for the opening. Open queue: a covered escalation takes the
/// on-call path once it has waited the path's `after` without an agent.
public struct OffHoursPolicy: Sendable, Hashable {
    /// The queue.
    public let queue: QueueConfig

    /// The policy of `queue`.
    public init(queue: QueueConfig) {
        self.queue = queue
    }

    /// True when the queue is open at `now`; a queue without business hours
    /// always is.
    public func isOpen(at now: Date) -> Bool {
        queue.businessHours.map { BusinessCalendar($0).isOpen(at: now) } ?? true
    }

    /// The decision for `escalation` at `now`.
    public func decision(for escalation: Escalation, at now: Date) -> OffHoursDecision {
        guard let hours = queue.businessHours, !isOpen(at: now) else { return .open }
        if let path = queue.onCall, path.covers(escalation) { return .onCall(path) }
        let nextOpening = BusinessCalendar(hours).nextOpening(atOrAfter: now)
        if queue.callbacksEnabled, let nextOpening { return .callback(at: nextOpening) }
        return .waitForOpening(nextOpening: nextOpening)
    }

    /// The on-call path `escalation` should take during open hours after
    /// `waitedInQueue` without an agent; nil when it should keep waiting.
    public func onCallPathWhenUnmatched(for escalation: Escalation, waitedInQueue: Duration) -> OnCallPath? {
        guard let path = queue.onCall, path.covers(escalation), waitedInQueue >= path.after else { return nil }
        return path
    }
}
