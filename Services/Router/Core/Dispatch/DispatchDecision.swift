public import Foundation

/// What a dispatch pass decided for one claimed escalation.
public struct DispatchDecision: Sendable, Hashable {
    /// What happens to the escalation now.
    public enum Outcome: Sendable, Hashable {
        /// Offer it to this agent.
        case offer(agentID: String, reason: MatchReason)
        /// Keep it for the previous agent, who is busy or full, until then.
        case holdForPreviousAgent(agentID: String, until: Date)
        /// Nobody may take it now; it stays queued (its wait is bounded by
        /// the queue's maximum wait).
        case wait
        /// The queue is closed; it waits for the opening.
        case waitForOpening
        /// It ends without an agent, for this reason.
        case expire(ExpiryReason)
        /// Its queue is not in the configurations the pass read (created a
        /// moment ago on another replica): left for the next pass.
        case unknownQueue
    }

    /// The escalation.
    public var escalationID: String
    /// What happens to it.
    public var outcome: Outcome
    /// A new widening stage reached in this pass, to record.
    public var widening: Widening?
    /// True when it took the on-call path in this pass, to record.
    public var routedOnCall: Bool

    /// A decision.
    public init(escalationID: String, outcome: Outcome, widening: Widening? = nil, routedOnCall: Bool = false) {
        self.escalationID = escalationID
        self.outcome = outcome
        self.widening = widening
        self.routedOnCall = routedOnCall
    }
}
