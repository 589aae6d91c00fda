/// An escalation a dispatch pass claimed from its queue, with what the
/// router stored about its wait so far.
public struct ClaimedEscalation: Sendable, Hashable {
    /// The escalation; `enqueueTime` is when it entered its current queue,
    /// and `excludedAgentIDs` the agents who declined it or let it lapse.
    public var escalation: Escalation
    /// Widening stages recorded so far (a new stage is recorded once).
    public var recordedWideningStages: Int
    /// True when it already takes the queue's on-call path.
    public var onCallPath: Bool

    /// A claimed escalation.
    public init(escalation: Escalation, recordedWideningStages: Int = 0, onCallPath: Bool = false) {
        self.escalation = escalation
        self.recordedWideningStages = recordedWideningStages
        self.onCallPath = onCallPath
    }
}
