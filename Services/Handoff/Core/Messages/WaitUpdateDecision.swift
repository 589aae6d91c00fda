/// What `WaitUpdatePolicy` decided.
public struct WaitUpdateDecision: Sendable, Hashable {
    /// True when an update is due now.
    public var shouldSend: Bool
    /// When to ask again at the latest (seconds since the epoch).
    public var nextCheck: Double

    /// A decision.
    public init(shouldSend: Bool, nextCheck: Double) {
        self.shouldSend = shouldSend
        self.nextCheck = nextCheck
    }
}
