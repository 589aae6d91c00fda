/// The ranking rule that made the matcher choose an agent over the
/// runner-up.
public enum MatchReason: Sendable, Hashable {
    /// Nobody else was eligible.
    case onlyEligibleAgent
    /// The customer is VIP and the agent senior, the runner-up not.
    case seniorForVIP
    /// The agent helped the customer before (affinity).
    case previousAgent
    /// The agent has more of the escalation's optional skills.
    case optionalSkills
    /// The agent had the most spare capacity on the channel.
    case mostSpareCapacity
    /// The agent had been idle the longest.
    case longestIdle
    /// All else equal, the agent's identifier sorts first.
    case agentIDTiebreak
    /// The agent comes first in the on-call path's list.
    case onCallOrder
}
