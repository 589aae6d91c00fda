public import Foundation

/// The decisions of one dispatch pass over a tenant, as pure logic: the
/// service claims the queued escalations (highest priority first), reads
/// the candidate agents with their load, and feeds each escalation to
/// ``decide(_:)`` in claim order; the planner matches it, reserves the
/// chosen agent's slot for the escalations after it, and records the
/// result in ``plan``, which the service writes in one round trip.
///
/// For each escalation, in order:
/// 1. Its queue closed (and not on the on-call path): it waits for the
///    opening, or expires when the queue never opens again.
/// 2. On the on-call path (off hours at enqueue, or after the path's delay
///    unmatched in the open queue): `AgentMatcher.matchOnCall`.
/// 3. Otherwise the queue's widening for its wait (`WideningPolicy`), a new
///    stage recorded once, and `AgentMatcher.match` among the agents with a
///    free slot on its channel plus its previous agent (whom affinity may
///    hold it for). Optional skills only rank: an idle agent who meets the
///    required criteria is always a candidate.
/// 4. Unmatched past the queue's maximum wait (its own, or
///    `QueueConfig.defaultMaxWait`), counted from enqueue or from the
///    queue's latest opening, it expires with the reason; otherwise it
///    stays queued. No escalation waits forever.
///
/// Escalations earlier in the order are served first, so an agent's free
/// slot goes to the highest-priority escalation that agent may take.
public struct DispatchPlanner: Sendable {
    /// The matcher.
    public let matcher: AgentMatcher
    /// The tenant's queues by identifier.
    public let queues: [String: QueueConfig]
    /// The instant of the pass.
    public let now: Date
    /// The candidates, their load including the offers planned so far.
    public private(set) var candidates: [AgentCandidate]
    /// Everything decided so far.
    public private(set) var plan = DispatchPlan()

    private var indexByID: [String: Int] = [:]
    /// Candidates available with a free slot on some channel: under load a
    /// handful, so each escalation ranks those (and its previous agent), not
    /// every desk.
    private var free: [Int] = []

    /// A pass at `now` over `candidates` (agents with a live session,
    /// available or busy, with their load) and the tenant's `queues`.
    public init(candidates: [AgentCandidate], queues: [String: QueueConfig], now: Date,
                matcher: AgentMatcher = AgentMatcher()) {
        self.matcher = matcher
        self.queues = queues
        self.now = now
        self.candidates = candidates
        for (index, candidate) in candidates.enumerated() {
            indexByID[candidate.agent.id] = index
            if Self.hasFreeSlot(candidate) { free.append(index) }
        }
    }

    /// True while some candidate could still take work: a service claiming
    /// in pages stops when this turns false.
    public var someoneIsFree: Bool { !free.isEmpty }

    /// Decides for `claimed`, the next escalation in claim order, and records
    /// the decision in ``plan``.
    @discardableResult
    public mutating func decide(_ claimed: ClaimedEscalation) -> DispatchDecision {
        let decision = decision(for: claimed)
        if case .offer(let agentID, _) = decision.outcome, let index = indexByID[agentID] {
            candidates[index].status.load[claimed.escalation.channel, default: 0] += 1
            if !Self.hasFreeSlot(candidates[index]) { free.removeAll { $0 == index } }
        }
        plan.record(decision)
        return decision
    }

    private func decision(for claimed: ClaimedEscalation) -> DispatchDecision {
        let escalation = claimed.escalation
        guard let queue = queues[escalation.queueID] else {
            return DispatchDecision(escalationID: escalation.id, outcome: .unknownQueue)
        }
        let hours = OffHoursPolicy(queue: queue)
        let onCallPath = claimed.onCallPath ? queue.onCall : nil
        if onCallPath == nil, !hours.isOpen(at: now) {
            let reopens = queue.businessHours.flatMap { BusinessCalendar($0).nextOpening(atOrAfter: now) } != nil
            return DispatchDecision(escalationID: escalation.id, outcome: reopens ? .waitForOpening : .expire(.queueNeverOpens))
        }
        let waited = now.duration(since: escalation.enqueueTime)
        var widening: Widening?
        var routedOnCall = false
        let result: MatchResult
        if let path = onCallPath {
            result = matcher.matchOnCall(escalation, path: path, among: candidates)
        } else if let path = hours.onCallPathWhenUnmatched(for: escalation, waitedInQueue: waited) {
            routedOnCall = true
            result = matcher.matchOnCall(escalation, path: path, among: candidates)
        } else {
            let widened = WideningPolicy(queue: queue).widening(for: escalation, waitedInQueue: waited)
            if widened.stageCount > claimed.recordedWideningStages { widening = widened }
            result = match(escalation, requirements: widened.requirements)
        }
        let outcome: DispatchDecision.Outcome
        switch result {
        case .offer(let agentID, let reason) where indexByID[agentID] != nil:
            outcome = .offer(agentID: agentID, reason: reason)
        case .holdForPreviousAgent(let agentID, let until) where !hasWaitedTooLong(escalation, in: queue):
            outcome = .holdForPreviousAgent(agentID: agentID, until: until)
        default:
            if hasWaitedTooLong(escalation, in: queue) {
                outcome = .expire(queue.maxWait == nil ? .defaultMaxWait : .maxWait)
            } else {
                outcome = .wait
            }
        }
        return DispatchDecision(escalationID: escalation.id, outcome: outcome, widening: widening, routedOnCall: routedOnCall)
    }

    /// Ranks the agents who could take `escalation` now (a free slot on its
    /// channel) and its previous agent, whom affinity may wait for while
    /// busy or full.
    private func match(_ escalation: Escalation, requirements: MatchRequirements) -> MatchResult {
        let previous = escalation.previousAgentID.flatMap { indexByID[$0] }
        var open = free.compactMap { index in
            index != previous && Self.hasFreeSlot(candidates[index], on: escalation.channel) ? candidates[index] : nil
        }
        if let previous { open.append(candidates[previous]) }
        guard !open.isEmpty else { return .noEligibleAgent(reasons: [:]) }
        return matcher.match(escalation, requirements: requirements, among: open, at: now)
    }

    /// True when `escalation` has waited its queue's maximum without an
    /// agent: counted from enqueue, or from the queue's latest opening when
    /// it waited for one, so a night spent waiting for the opening does not
    /// end it the moment the queue opens.
    func hasWaitedTooLong(_ escalation: Escalation, in queue: QueueConfig) -> Bool {
        let opened = queue.businessHours.flatMap { BusinessCalendar($0).openPeriodStart(containing: now) }
        let since = max(escalation.enqueueTime, opened ?? escalation.enqueueTime)
        return now.duration(since: since) >= queue.effectiveMaxWait.limit
    }

    /// Available with a free slot overall (on some channel).
    static func hasFreeSlot(_ candidate: AgentCandidate) -> Bool {
        candidate.status.presence == .available && candidate.agent.totalCapacity > candidate.status.load.values.reduce(0, +)
    }

    /// Available, with a free slot on `channel` and overall: what matching
    /// would require anyway.
    static func hasFreeSlot(_ candidate: AgentCandidate, on channel: Channel) -> Bool {
        candidate.status.presence == .available && candidate.agent.spareCapacity(on: channel, load: candidate.status.load) > 0
    }
}
