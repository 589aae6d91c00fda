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
/// while the affinity window is open; the most of the escalation's optional
/// skills (`MatchRequirements.preferredSkills`) at their levels; the most
/// spare capacity on the channel; the longest idle; the smallest identifier.
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
        var reasons: [Ineligibility] = []
        checkEligibility(of: candidate, for: escalation, requirements: requirements, at: now) { reason in
            reasons.append(reason)
            return true
        }
        return reasons
    }

    /// The first of ``ineligibilities(of:for:requirements:at:)``, nil when
    /// eligible: what matching asks of every agent, without building the list.
    public func firstIneligibility(
        of candidate: AgentCandidate,
        for escalation: Escalation,
        requirements: MatchRequirements,
        at now: Date
    ) -> Ineligibility? {
        var first: Ineligibility?
        checkEligibility(of: candidate, for: escalation, requirements: requirements, at: now) { reason in
            first = reason
            return false
        }
        return first
    }

    /// Runs the eligibility rules in order, telling `report` each one that
    /// fails; stops when `report` returns false.
    private func checkEligibility(
        of candidate: AgentCandidate,
        for escalation: Escalation,
        requirements: MatchRequirements,
        at now: Date,
        report: (Ineligibility) -> Bool
    ) {
        let agent = candidate.agent
        let status = candidate.status
        if escalation.excludedAgentIDs.contains(agent.id), !report(.excluded) { return }
        if !agent.queueIDs.isEmpty, !requirements.queueIDs.contains(where: agent.queueIDs.contains), !report(.notInQueue) {
            return
        }
        if !status.connected, !report(.notConnected) { return }
        if status.presence != .available, !report(.presence(status.presence)) { return }
        if let schedule = agent.schedule, !BusinessCalendar(schedule).isOpen(at: now), !report(.offShift) { return }
        if !agent.serves(escalation.channel) {
            if !report(.channelNotServed(escalation.channel)) { return }
        } else if agent.spareCapacity(on: escalation.channel, load: status.load) == 0, !report(.noSpareCapacity) {
            return
        }
        if !agent.languages.contains(where: { LanguageTag.matches(requested: escalation.language, offered: $0) }),
           !report(.languageMismatch) {
            return
        }
        for requirement in requirements.skills {
            guard let level = agent.level(of: requirement.skill) else {
                if !report(.missingSkill(requirement.skill)) { return }
                continue
            }
            if level < requirement.minLevel,
               !report(.skillBelowMinimum(skill: requirement.skill, level: level, minimum: requirement.minLevel)) {
                return
            }
        }
        if escalation.tier.isVIP, requirements.vipNeedsSenior, !agent.seniority.isSenior { _ = report(.notSeniorForVIP) }
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
        // Kept as a list: turned into the result's dictionary only when nobody is eligible.
        var reasons: [(agentID: String, reason: Ineligibility)] = []
        for candidate in candidates {
            guard let first = firstIneligibility(of: candidate, for: escalation, requirements: requirements, at: now) else {
                eligible.append(candidate)
                continue
            }
            reasons.append((candidate.agent.id, first))
            if affinity, candidate.agent.id == escalation.previousAgentID,
               ineligibilities(of: candidate, for: escalation, requirements: requirements, at: now).allSatisfy(\.isTemporary) {
                return .holdForPreviousAgent(agentID: candidate.agent.id,
                                             until: escalation.enqueueTime.adding(affinityWindow))
            }
        }
        // The best two in one pass, each agent's keys computed once: a
        // dispatch pass matches many escalations against many agents.
        var best: (keys: RankKeys, candidate: AgentCandidate)?
        var second: (keys: RankKeys, candidate: AgentCandidate)?
        for candidate in eligible {
            let keys = rankKeys(candidate, escalation, affinity, preferred: requirements.preferredSkills)
            if best == nil || keys < best!.keys {
                second = best
                best = (keys, candidate)
            } else if second == nil || keys < second!.keys {
                second = (keys, candidate)
            }
        }
        guard let chosen = best?.candidate else {
            return .noEligibleAgent(reasons: Dictionary(reasons, uniquingKeysWith: { _, last in last }))
        }
        guard let runnerUp = second?.candidate else { return .offer(agentID: chosen.agent.id, reason: .onlyEligibleAgent) }
        return .offer(agentID: chosen.agent.id,
                      reason: decidingRule(chosen, over: runnerUp, escalation, affinity, preferred: requirements.preferredSkills))
    }
}
