import Foundation
import RouterCore
import Testing
import Wire

/// The dispatch planner against an independent replay of the documented
/// rules, over generated states: agents with skills, languages, seniority,
/// capacities, presence and load; escalations with required and optional
/// skills, tiers, urgencies, previous agents, exclusions and waits; queues
/// with and without widening steps, business hours and maximum waits.
///
/// For every state, replaying the escalations in claim order with the loads
/// the planner's earlier offers add:
/// - an offer goes to an eligible agent (required criteria, after widening),
///   the best one by the documented ranking (senior for VIP, previous agent,
///   optional skills, spare capacity, longest idle, identifier);
/// - an escalation gets no offer only when no agent is eligible then (or it
///   is held for its busy previous agent, or its queue is closed): an idle
///   agent who meets its required criteria always gets it or another one;
/// - it ends only past its queue's maximum wait, with the right reason;
/// - no agent ends above capacity on a channel or overall.
@Suite("Dispatch planner properties")
struct DispatchPlannerPropertyTests {
    static let states = 10_000

    @Test("10,000 generated states: offers, waits, holds and expiries follow the rules; capacity holds")
    func generatedStates() {
        var random = SplitMix64(seed: 0xBA70_0D15_9A7C)
        var checked = 0, offers = 0, waits = 0, expiries = 0, holds = 0, closed = 0
        for index in 0..<Self.states {
            let state = GeneratedState(&random)
            var planner = DispatchPlanner(candidates: state.candidates, queues: state.queues, now: state.now)
            let decisions = state.claimed.map { planner.decide($0) }
            let failures = Replay(state: state).check(decisions)
            #expect(failures.isEmpty, "state \(index): \(failures.joined(separator: "; "))\n\(state)")
            if !failures.isEmpty { return }
            checked += 1
            for decision in decisions {
                switch decision.outcome {
                case .offer: offers += 1
                case .wait: waits += 1
                case .expire: expiries += 1
                case .holdForPreviousAgent: holds += 1
                case .waitForOpening: closed += 1
                case .unknownQueue: break
                }
            }
        }
        #expect(checked == Self.states)
        // The generator must reach every outcome often, or the properties prove little.
        for (name, count) in [("offers", offers), ("waits", waits), ("expiries", expiries), ("holds", holds), ("closed", closed)] {
            #expect(count >= 100, "only \(count) \(name) over \(Self.states) states")
        }
    }

    @Test("queue order: a longer wait or a bigger head start is served first, whatever the time")
    func priorityOrder() {
        var random = SplitMix64(seed: 42)
        let priority = Priority.standard
        for _ in 0..<10_000 {
            let a = GeneratedState.escalation(&random, id: "a", queueIDs: ["q"], agentIDs: [], now: Fixture.now)
            var b = a
            b.id = "b"
            b.enqueueTime = a.enqueueTime.addingTimeInterval(Double(random.next(upTo: 600) + 1))
            // Same urgency and tier, b enqueued later: a first (ageing).
            #expect(priority.isServedBefore(a, b))
            // b with a head start larger than the gap in waits goes first; smaller, it does not.
            let gap = b.enqueueTime.timeIntervalSince(a.enqueueTime)
            for (urgency, tier) in [(Urgency.critical, CustomerTier.vipPlatinum), (.low, .free)] {
                b.urgency = urgency
                b.tier = tier
                let difference = (priority.headStart(urgency: urgency, tier: tier) - priority.headStart(urgency: a.urgency, tier: a.tier)).timeInterval
                if difference > gap { #expect(priority.isServedBefore(b, a)) }
                if difference < gap { #expect(priority.isServedBefore(a, b)) }
            }
        }
    }
}

/// A reproducible generator (SplitMix64): the same seed, the same states.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    mutating func next(upTo bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func chance(_ percent: Int) -> Bool {
        next(upTo: 100) < percent
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[next(upTo: values.count)]
    }
}

/// One generated dispatch pass: small, so that contention is common.
struct GeneratedState: CustomStringConvertible {
    static let skills = ["billing", "tech", "refunds", "legal"]
    static let languages = ["en", "de", "fr"]

    var now: Date
    var queues: [String: QueueConfig]
    var candidates: [AgentCandidate]
    var claimed: [ClaimedEscalation]

    init(_ random: inout SplitMix64) {
        now = Fixture.now
        var queues: [String: QueueConfig] = [:]
        for id in ["q1", "q2"] {
            var queue = QueueConfig(id: id)
            if random.chance(40) {
                queue.wideningSteps = [WideningStep(after: .seconds(Int64(random.next(upTo: 600))),
                                                    lowerMinLevelBy: random.next(upTo: 3),
                                                    ignoreOptionalSkills: random.chance(50), anySeniority: random.chance(50),
                                                    ignoreAffinity: random.chance(50))]
            }
            if random.chance(20) { queue.requiredSkills = [SkillRequirement(skill: random.pick(Self.skills), minLevel: random.next(upTo: 4))] }
            if random.chance(30) { queue.maxWait = .seconds(Int64(300 + random.next(upTo: 3000))) }
            if random.chance(15) {
                // Open 09-17 Berlin on weekdays: Monday 11:00 there at `now`, so open unless moved below.
                queue.businessHours = WeeklySchedule(timeZone: Fixture.berlin, intervals: Fixture.weekdays(from: 9, to: 17))
            }
            if random.chance(10) { queue.overflowQueueIDs = [id == "q1" ? "q2" : "q1"]; queue.overflowAfter = .seconds(120) }
            queues[id] = queue
        }
        // Sometimes after hours (Monday 20:00 Berlin), when queues with hours are closed.
        if random.chance(10) { now = Fixture.utc("2026-03-02T19:00:00Z") }
        self.queues = queues
        let agentIDs = (0..<(1 + random.next(upTo: 6))).map { "agent-\($0)" }
        candidates = agentIDs.map { id in
            var skills: [String: Int] = [:]
            for skill in Self.skills where random.chance(45) { skills[skill] = 1 + random.next(upTo: 10) }
            var capacities: [Channel: Int] = [.chat: random.next(upTo: 3)]
            if random.chance(50) { capacities[.email] = 1 + random.next(upTo: 2) }
            let agent = Fixture.agent(id, skills: skills, languages: random.chance(80) ? ["en"] + (random.chance(40) ? [random.pick(Self.languages)] : []) : [random.pick(Self.languages)],
                                      seniority: random.pick(Seniority.allCases), capacities: capacities,
                                      maxTotalConcurrent: random.chance(30) ? 1 + random.next(upTo: 2) : 0,
                                      queueIDs: random.chance(25) ? [random.pick(["q1", "q2"])] : [])
            var load: [Channel: Int] = [:]
            if random.chance(35) { load[.chat] = random.next(upTo: 3) }
            return Fixture.candidate(agent, presence: random.chance(80) ? .available : .busy, load: load,
                                     idleMinutes: random.next(upTo: 60))
        }
        let count = 1 + random.next(upTo: 8)
        var escalations = (0..<count).map { index in
            Self.escalation(&random, id: "esc-\(index)", queueIDs: ["q1", "q2"], agentIDs: agentIDs, now: Fixture.now)
        }
        escalations = Priority.standard.queueOrder(escalations)
        claimed = escalations.map { escalation in
            ClaimedEscalation(escalation: escalation, recordedWideningStages: 0, onCallPath: false)
        }
    }

    static func escalation(_ random: inout SplitMix64, id: String, queueIDs: [String], agentIDs: [String], now: Date) -> Escalation {
        let required = random.chance(85) ? [SkillRequirement(skill: random.pick(skills), minLevel: random.next(upTo: 8))] : []
        let optional = random.chance(60)
            ? (0..<(1 + random.next(upTo: 2))).map { _ in SkillRequirement(skill: random.pick(skills + ["rare.skill"]), minLevel: random.next(upTo: 8)) }
            : []
        var excluded: Set<String> = []
        if !agentIDs.isEmpty, random.chance(15) { excluded.insert(random.pick(agentIDs)) }
        return Escalation(
            id: id, queueID: random.pick(queueIDs), category: "billing", requiredSkills: required, optionalSkills: optional,
            language: random.chance(85) ? "en" : random.pick(languages + ["fi"]), tier: random.pick(CustomerTier.allCases),
            urgency: random.pick(Urgency.allCases), channel: random.chance(75) ? .chat : .email,
            previousAgentID: !agentIDs.isEmpty && random.chance(30) ? random.pick(agentIDs) : nil,
            priorWait: .seconds(Int64(random.next(upTo: 300))),
            enqueueTime: now.addingTimeInterval(-Double(random.chance(10) ? 3_600 + random.next(upTo: 3_600)
                                                        : random.chance(35) ? random.next(upTo: 120) : random.next(upTo: 900))),
            excludedAgentIDs: excluded)
    }

    var description: String {
        "now \(now)\nqueues \(queues.values.map { "\($0)" }.sorted())\nagents \(candidates)\nclaimed \(claimed.map(\.escalation))"
    }
}

/// The documented rules, applied step by step with public building blocks
/// (widening, eligibility, affinity), independently of the planner's code.
struct Replay {
    let state: GeneratedState
    let matcher = AgentMatcher()

    func check(_ decisions: [DispatchDecision]) -> [String] {
        var failures: [String] = []
        var candidates = state.candidates
        let idleAtStart = Set(candidates.filter { $0.status.load.values.reduce(0, +) == 0 && $0.status.presence == .available }.map(\.agent.id))
        var offered = Set<String>()
        var unserved: [(escalation: Escalation, requirements: MatchRequirements)] = []
        for (claimed, decision) in zip(state.claimed, decisions) {
            let escalation = claimed.escalation
            let queue = state.queues[escalation.queueID]!
            if !OffHoursPolicy(queue: queue).isOpen(at: state.now) {
                if decision.outcome != .waitForOpening { failures.append("\(escalation.id): closed queue got \(decision.outcome)") }
                continue
            }
            let waited = state.now.duration(since: escalation.enqueueTime)
            let requirements = WideningPolicy(queue: queue).widening(for: escalation, waitedInQueue: waited).requirements
            if queue.wideningSteps.isEmpty, queue.overflowQueueIDs.isEmpty {
                // Unwidened, the required criteria are the escalation's and the queue's
                // required skills alone: optional skills only rank.
                var levels: [String: Int] = [:]
                for skill in escalation.requiredSkills + queue.requiredSkills { levels[skill.skill] = max(levels[skill.skill] ?? 0, skill.minLevel) }
                if Dictionary(uniqueKeysWithValues: requirements.skills.map { ($0.skill, $0.minLevel) }) != levels
                    || requirements.queueIDs != [queue.id] || !requirements.vipNeedsSenior {
                    failures.append("\(escalation.id): required criteria \(requirements) differ from the escalation's and queue's \(levels)")
                }
            }
            let eligible = candidates.filter {
                $0.status.presence == .available
                    && matcher.ineligibilities(of: $0, for: escalation, requirements: requirements, at: state.now).isEmpty
            }
            let previous = candidates.first { $0.agent.id == escalation.previousAgentID }
            let holdExpected = matcher.affinityApplies(to: escalation, requirements: requirements, at: state.now)
                && previous.map { candidate in
                    let reasons = matcher.ineligibilities(of: candidate, for: escalation, requirements: requirements, at: state.now)
                    return !reasons.isEmpty && reasons.allSatisfy(\.isTemporary)
                } == true
            let opened = queue.businessHours.flatMap { BusinessCalendar($0).openPeriodStart(containing: state.now) }
            let tooLong = state.now.duration(since: max(escalation.enqueueTime, opened ?? escalation.enqueueTime))
                >= (queue.maxWait ?? QueueConfig.defaultMaxWait)
            let expiry: DispatchDecision.Outcome = .expire(queue.maxWait == nil ? .defaultMaxWait : .maxWait)
            switch decision.outcome {
            case .offer(let agentID, _):
                guard let index = candidates.firstIndex(where: { $0.agent.id == agentID }) else {
                    failures.append("\(escalation.id): offered to unknown \(agentID)")
                    continue
                }
                if holdExpected, agentID != escalation.previousAgentID {
                    failures.append("\(escalation.id): offered to \(agentID) instead of held for \(escalation.previousAgentID!)")
                }
                if !eligible.contains(where: { $0.agent.id == agentID }) {
                    failures.append("\(escalation.id): offered to ineligible \(agentID)")
                }
                let best = eligible.min { rank($0, escalation, requirements) < rank($1, escalation, requirements) }
                if let best, rank(best, escalation, requirements) < rank(candidates[index], escalation, requirements) {
                    failures.append("\(escalation.id): offered to \(agentID), but \(best.agent.id) ranks first")
                }
                candidates[index].status.load[escalation.channel, default: 0] += 1
                offered.insert(agentID)
            case .holdForPreviousAgent(let agentID, _):
                if !holdExpected || agentID != escalation.previousAgentID || tooLong {
                    failures.append("\(escalation.id): unexpected hold for \(agentID)")
                }
            case .wait:
                if tooLong { failures.append("\(escalation.id): waits past its maximum wait") }
                if holdExpected { failures.append("\(escalation.id): should be held, not left waiting") }
                if !eligible.isEmpty, !holdExpected {
                    failures.append("\(escalation.id): left waiting while \(eligible.map(\.agent.id)) could take it")
                }
                unserved.append((escalation, requirements))
            case .expire(let reason):
                if !tooLong || decision.outcome != expiry { failures.append("\(escalation.id): expired early or as \(reason)") }
                if !eligible.isEmpty, !holdExpected { failures.append("\(escalation.id): expired while \(eligible.map(\.agent.id)) was free") }
                unserved.append((escalation, requirements))
            case .waitForOpening, .unknownQueue:
                failures.append("\(escalation.id): \(decision.outcome) in an open, known queue")
            }
        }
        // The starvation property, stated alone: an idle agent who got nothing
        // meets the required criteria of no escalation left unserved.
        for candidate in state.candidates where idleAtStart.contains(candidate.agent.id) && !offered.contains(candidate.agent.id) {
            for (escalation, requirements) in unserved
            where matcher.ineligibilities(of: candidate, for: escalation, requirements: requirements, at: state.now).isEmpty {
                failures.append("idle \(candidate.agent.id) meets \(escalation.id)'s required criteria and got nothing")
            }
        }
        // Capacity: the plan takes no agent above a limit on a channel it adds
        // work to, or overall (work above a capacity lowered since may remain).
        for (before, after) in zip(state.candidates, candidates) where offered.contains(after.agent.id) {
            let agent = after.agent, load = after.status.load
            if load.values.reduce(0, +) > agent.totalCapacity { failures.append("\(agent.id) above total capacity: \(load)") }
            for (channel, count) in load where count > (before.status.load[channel] ?? 0) && count > (agent.capacities[channel] ?? 0) {
                failures.append("\(agent.id) above capacity on \(channel): \(count)")
            }
        }
        return failures
    }

    /// The documented ranking, smaller first: a senior agent for a VIP, the
    /// previous agent while affinity applies, fewer optional skills missing,
    /// more spare capacity on the channel, idle longer, smaller identifier.
    func rank(_ candidate: AgentCandidate, _ escalation: Escalation, _ requirements: MatchRequirements)
        -> (Int, Int, Int, Int, Date, String) {
        let agent = candidate.agent
        let affinity = matcher.affinityApplies(to: escalation, requirements: requirements, at: state.now)
        let missing = requirements.preferredSkills.filter { (agent.level(of: $0.skill) ?? -1) < $0.minLevel || agent.level(of: $0.skill) == nil }
        return (escalation.tier.isVIP && agent.seniority.isSenior ? 0 : 1,
                affinity && agent.id == escalation.previousAgentID ? 0 : 1,
                missing.count,
                -agent.spareCapacity(on: escalation.channel, load: candidate.status.load),
                candidate.status.idleSince,
                agent.id)
    }
}
