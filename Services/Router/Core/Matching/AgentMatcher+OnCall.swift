extension AgentMatcher {
    /// The on-call agent to offer `escalation` to on `path`.
    ///
    /// Candidates are the path's agents, or every agent with `onCall` when
    /// the path names none. Emergencies skip schedules, queues, skills and
    /// seniority: an on-call agent needs only to be connected, available,
    /// not excluded, serving the channel with a free slot and speaking the
    /// language. The first eligible agent of the path's list is chosen;
    /// without a list the usual ranking by spare capacity, idleness and
    /// identifier decides.
    public func matchOnCall(
        _ escalation: Escalation,
        path: OnCallPath,
        among candidates: [AgentCandidate]
    ) -> MatchResult {
        let rota = path.agentIDs.isEmpty
            ? candidates.filter(\.agent.onCall)
            : path.agentIDs.compactMap { id in candidates.first { $0.agent.id == id } }
        var reasons: [String: Ineligibility] = [:]
        var eligible: [AgentCandidate] = []
        for candidate in rota {
            if let reason = onCallIneligibility(of: candidate, for: escalation) {
                reasons[candidate.agent.id] = reason
            } else {
                eligible.append(candidate)
            }
        }
        guard let first = eligible.first else { return .noEligibleAgent(reasons: reasons) }
        if !path.agentIDs.isEmpty {
            return .offer(agentID: first.agent.id, reason: eligible.count == 1 ? .onlyEligibleAgent : .onCallOrder)
        }
        let ranked = eligible.sorted { rankKeys($0, escalation, false) < rankKeys($1, escalation, false) }
        guard ranked.count > 1 else { return .offer(agentID: first.agent.id, reason: .onlyEligibleAgent) }
        return .offer(agentID: ranked[0].agent.id, reason: decidingRule(ranked[0], over: ranked[1], escalation, false))
    }

    /// The first reason `candidate` may not take an emergency, nil when
    /// they may.
    func onCallIneligibility(of candidate: AgentCandidate, for escalation: Escalation) -> Ineligibility? {
        let (agent, status) = (candidate.agent, candidate.status)
        if escalation.excludedAgentIDs.contains(agent.id) { return .excluded }
        if !status.connected { return .notConnected }
        if status.presence != .available { return .presence(status.presence) }
        if !agent.serves(escalation.channel) { return .channelNotServed(escalation.channel) }
        if agent.spareCapacity(on: escalation.channel, load: status.load) == 0 { return .noSpareCapacity }
        if !agent.languages.contains(where: { LanguageTag.matches(requested: escalation.language, offered: $0) }) {
            return .languageMismatch
        }
        return nil
    }
}
