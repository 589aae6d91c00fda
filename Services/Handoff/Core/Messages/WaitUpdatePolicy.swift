/// When a waiting customer gets an update: never in silence past the
/// promised wait, never spammed.
///
/// An update is due once the customer has waited past the wait they were
/// promised and the previous update (if any) is at least `interval` old.
/// The next time to ask is then `interval` later; when none is due yet, it
/// is the moment one will be.
public struct WaitUpdatePolicy: Sendable, Hashable {
    /// Shortest time between two updates, in seconds.
    public var interval: Double

    /// A policy; two minutes between updates by default.
    public init(interval: Double = 120) {
        self.interval = interval
    }

    /// The decision for a customer who joined the queue at `enqueued`, was
    /// promised `promisedWait` seconds, and last got an update at
    /// `lastUpdate` (seconds since the epoch), at `now`.
    public func decide(now: Double, enqueued: Double, promisedWait: Double, lastUpdate: Double?) -> WaitUpdateDecision {
        let overdue = enqueued + max(0, promisedWait)
        let quietUntil = lastUpdate.map { $0 + interval } ?? -Double.infinity
        let due = max(overdue, quietUntil)
        if now >= due {
            return WaitUpdateDecision(shouldSend: true, nextCheck: now + interval)
        }
        return WaitUpdateDecision(shouldSend: false, nextCheck: due)
    }
}
