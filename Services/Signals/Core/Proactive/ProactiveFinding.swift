public import Wire

/// A finding the proactive rules produced, before it is stored: the finding
/// itself (without id, state or times) and the key that makes it one of a
/// kind, so a second scan of the same activity, on any replica, does not
/// open it twice.
public struct ProactiveFinding: Sendable, Hashable {
    /// The finding: kind, customer, score, trigger, summary and detail.
    public var finding: SignalsV1.Finding
    /// Unique per tenant and kind among findings still open or escalated:
    /// the customer, the order, or the intent and its window.
    public var dedupeKey: String

    /// Creates a finding draft.
    public init(finding: SignalsV1.Finding, dedupeKey: String) {
        self.finding = finding
        self.dedupeKey = dedupeKey
    }
}
