public import Foundation

/// What the matcher decided for one escalation.
public enum MatchResult: Sendable, Hashable {
    /// Offer the escalation to this agent.
    case offer(agentID: String, reason: MatchReason)
    /// Offer to nobody yet: the previous agent is working and the affinity
    /// window runs until `until`; match again when they free up or then.
    case holdForPreviousAgent(agentID: String, until: Date)
    /// Nobody may take it now; why, per agent identifier.
    case noEligibleAgent(reasons: [String: Ineligibility])
}
