import Foundation

/// The ranking of one eligible agent, compared field by field: smaller
/// ranks first.
struct RankKeys: Comparable {
    /// 0 for a senior agent serving a VIP, else 1.
    var seniority: Int
    /// 0 for the previous agent while affinity applies, else 1.
    var affinity: Int
    /// Preferred (optional) skills the agent lacks or has below the level
    /// asked: fewer sorts first.
    var missingPreferredSkills: Int
    /// Spare capacity, negated so that more sorts first.
    var negatedSpareCapacity: Int
    /// Start of idleness: earlier sorts first.
    var idleSince: Date
    /// The agent's identifier.
    var agentID: String

    static func < (lhs: RankKeys, rhs: RankKeys) -> Bool {
        (lhs.seniority, lhs.affinity, lhs.missingPreferredSkills, lhs.negatedSpareCapacity, lhs.idleSince, lhs.agentID)
            < (rhs.seniority, rhs.affinity, rhs.missingPreferredSkills, rhs.negatedSpareCapacity, rhs.idleSince, rhs.agentID)
    }
}

extension AgentMatcher {
    /// The ranking keys of `candidate` for `escalation`, preferring agents
    /// with the skills in `preferred`.
    func rankKeys(_ candidate: AgentCandidate, _ escalation: Escalation, _ affinity: Bool,
                  preferred: [SkillRequirement] = []) -> RankKeys {
        RankKeys(
            seniority: escalation.tier.isVIP && candidate.agent.seniority.isSenior ? 0 : 1,
            affinity: affinity && candidate.agent.id == escalation.previousAgentID ? 0 : 1,
            missingPreferredSkills: preferred.count { requirement in
                guard let level = candidate.agent.level(of: requirement.skill) else { return true }
                return level < requirement.minLevel
            },
            negatedSpareCapacity: -candidate.agent.spareCapacity(on: escalation.channel, load: candidate.status.load),
            idleSince: candidate.status.idleSince,
            agentID: candidate.agent.id
        )
    }

    /// The first ranking rule on which `chosen` beats `runnerUp`.
    func decidingRule(_ chosen: AgentCandidate, over runnerUp: AgentCandidate,
                      _ escalation: Escalation, _ affinity: Bool, preferred: [SkillRequirement] = []) -> MatchReason {
        let (winner, other) = (rankKeys(chosen, escalation, affinity, preferred: preferred),
                               rankKeys(runnerUp, escalation, affinity, preferred: preferred))
        if winner.seniority != other.seniority { return .seniorForVIP }
        if winner.affinity != other.affinity { return .previousAgent }
        if winner.missingPreferredSkills != other.missingPreferredSkills { return .optionalSkills }
        if winner.negatedSpareCapacity != other.negatedSpareCapacity { return .mostSpareCapacity }
        if winner.idleSince != other.idleSince { return .longestIdle }
        return .agentIDTiebreak
    }
}
