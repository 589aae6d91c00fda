public import Foundation

/// Chooses the agent to offer an escalation to.
///
/// Eligibility (every rule must hold, see `ineligibilities`): not excluded
/// for the escalation, serves one of the allowed queues, connected, present
/// as `.available`, on shift by their schedule, serves the channel with a
/// free slot there and overall, speaks the language (`LanguageTag`), has
/// every required skill at its minimum level, and is senior when the
/// customer is VIP and the requirements say so.
///
/// Ranking of the eligible agents, each rule deciding only ties of the one
/// before: for VIP customers senior agents first; the previous agent first
/// while the affinity window is open; the most spare capacity on the
/// channel; the longest idle; the smallest identifier.
///
/// Affinity: for `affinityWindow` after the escalation was enqueued, and
/// while the requirements prefer the previous agent, an escalation whose
/// previous agent is eligible except for being busy or full is held for
/// them rather than offered to someone else.
public struct AgentMatcher: Sendable, Hashable {
    /// How long after enqueueing the previous agent is preferred and waited
    /// for.
    public var affinityWindow: Duration

    /// A matcher with the given affinity window (two minutes by default).
    public init(affinityWindow: Duration = .seconds(120)) {
        self.affinityWindow = affinityWindow
    }

    /// Every reason `candidate` may not take `escalation` under
    /// `requirements` at `now`; empty when eligible.
    public func ineligibilities(
        of candidate: AgentCandidate,
        for escalation: Escalation,
        requirements: MatchRequirements,
        at now: Date
    ) -> [Ineligibility] {
        let agent = candidate.agent
        let status = candidate.status
        var reasons: [Ineligibility] = []
        if escalation.excludedAgentIDs.contains(agent.id) { reasons.append(.excluded) }
        if !agent.queueIDs.isEmpty, !requirements.queueIDs.contains(where: agent.queueIDs.contains) {
            reasons.append(.notInQueue)
        }
        if !status.connected { reasons.append(.notConnected) }
        if status.presence != .available { reasons.append(.presence(status.presence)) }
        if let schedule = agent.schedule, !BusinessCalendar(schedule).isOpen(at: now) { reasons.append(.offShift) }
        if !agent.serves(escalation.channel) {
            reasons.append(.channelNotServed(escalation.channel))
        } else if agent.spareCapacity(on: escalation.channel, load: status.load) == 0 {
            reasons.append(.noSpareCapacity)
        }
        if !agent.languages.contains(where: { LanguageTag.matches(requested: escalation.language, offered: $0) }) {
            reasons.append(.languageMismatch)
        }
        for requirement in requirements.skills {
            guard let level = agent.level(of: requirement.skill) else {
                reasons.append(.missingSkill(requirement.skill))
                continue
            }
            if level < requirement.minLevel {
                reasons.append(.skillBelowMinimum(skill: requirement.skill, level: level, minimum: requirement.minLevel))
            }
        }
        if escalation.tier.isVIP, requirements.vipNeedsSenior, !agent.seniority.isSenior {
            reasons.append(.notSeniorForVIP)
        }
        return reasons
    }

    /// True while the previous agent is preferred: the requirements allow it
    /// and the affinity window since enqueueing is open.
    public func affinityApplies(to escalation: Escalation, requirements: MatchRequirements, at now: Date) -> Bool {
        escalation.previousAgentID != nil && requirements.prefersPreviousAgent
            && now < escalation.enqueueTime.adding(affinityWindow)
    }

    /// The agent to offer `escalation` to among `candidates`, a hold for the
    /// previous agent, or why nobody may take it.
    public func match(
        _ escalation: Escalation,
        requirements: MatchRequirements,
        among candidates: [AgentCandidate],
        at now: Date
    ) -> MatchResult {
        let affinity = affinityApplies(to: escalation, requirements: requirements, at: now)
        var eligible: [AgentCandidate] = []
        var reasons: [String: Ineligibility] = [:]
        for candidate in candidates {
            let found = ineligibilities(of: candidate, for: escalation, requirements: requirements, at: now)
            if found.isEmpty {
                eligible.append(candidate)
                continue
            }
            reasons[candidate.agent.id] = found[0]
            if affinity, candidate.agent.id == escalation.previousAgentID, found.allSatisfy(\.isTemporary) {
                return .holdForPreviousAgent(agentID: candidate.agent.id,
                                             until: escalation.enqueueTime.adding(affinityWindow))
            }
        }
        // The best two in one pass, each agent's keys computed once: a
        // dispatch pass matches many escalations against many agents.
        var best: (keys: RankKeys, candidate: AgentCandidate)?
        var second: (keys: RankKeys, candidate: AgentCandidate)?
        for candidate in eligible {
            let keys = rankKeys(candidate, escalation, affinity)
            if best == nil || keys < best!.keys {
                second = best
                best = (keys, candidate)
            } else if second == nil || keys < second!.keys {
                second = (keys, candidate)
            }
        }
        guard let chosen = best?.candidate else { return .noEligibleAgent(reasons: reasons) }
        guard let runnerUp = second?.candidate else { return .offer(agentID: chosen.agent.id, reason: .onlyEligibleAgent) }
        return .offer(agentID: chosen.agent.id, reason: decidingRule(chosen, over: runnerUp, escalation, affinity))
    }
}
