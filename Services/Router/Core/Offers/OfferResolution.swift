/// What follows an offer's end, for the escalation and for the agent.
public struct OfferResolution: Sendable, Hashable {
    /// What happens to the escalation next.
    public enum Next: Sendable, Hashable {
        /// Assign it to the agent.
        case assign
        /// Put it back in its queue and offer it to the next eligible agent.
        case reoffer
        /// Expire it: the queue's offer limit is reached.
        case expire
    }

    /// What happens to the escalation next.
    public var next: Next
    /// Agents the escalation must not be offered to again, this one included
    /// when they declined or let the offer lapse.
    public var excludedAgentIDs: Set<String>
    /// The agent's run of offers lapsed in a row, after this one.
    public var agentConsecutiveTimeouts: Int
    /// True when the agent should be set `.away` (their pending offers
    /// revoked): the run reached the policy's threshold.
    public var setAgentAway: Bool
}
