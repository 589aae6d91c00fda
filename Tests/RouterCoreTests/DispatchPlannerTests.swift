import Foundation
import RouterCore
import Testing

/// Dispatch passes as scripts of claimed escalations and agents: what each
/// escalation gets, in claim order.
@Suite("Dispatch planner")
struct DispatchPlannerTests {
    static let billing = QueueConfig(id: "billing")

    static func claimed(_ escalation: Escalation, stages: Int = 0, onCall: Bool = false) -> ClaimedEscalation {
        ClaimedEscalation(escalation: escalation, recordedWideningStages: stages, onCallPath: onCall)
    }

    @Test("the reproduction: an optional skill nobody has never keeps an idle agent from an escalation")
    func optionalSkillNobodyHas() {
        // A queue without widening steps; one agent with the required skill and not the optional one.
        let agent = Fixture.candidate(Fixture.agent("ana", skills: ["billing": 5]))
        let escalation = Fixture.escalation(required: [SkillRequirement(skill: "billing", minLevel: 3)],
                                            optional: [SkillRequirement(skill: "refunds.chargebacks", minLevel: 2)])
        var planner = DispatchPlanner(candidates: [agent], queues: ["billing": Self.billing], now: Fixture.now)
        let decision = planner.decide(Self.claimed(escalation))
        #expect(decision.outcome == .offer(agentID: "ana", reason: .onlyEligibleAgent))
        #expect(planner.plan.offers.map(\.agentID) == ["ana"])
        #expect(!planner.someoneIsFree || agent.agent.totalCapacity > 1)
    }

    @Test("without widening or max_wait, an escalation nobody can take ends after the default wait")
    func defaultMaxWait() {
        let agent = Fixture.candidate(Fixture.agent("ana", languages: ["en"]))
        let escalation = Fixture.escalation(language: "fi", enqueueTime: Fixture.now)
        let limit = Int(QueueConfig.defaultMaxWait.components.seconds)
        var before = DispatchPlanner(candidates: [agent], queues: ["billing": Self.billing], now: Fixture.at(limit - 1))
        #expect(before.decide(Self.claimed(escalation)).outcome == .wait)
        var after = DispatchPlanner(candidates: [agent], queues: ["billing": Self.billing], now: Fixture.at(limit))
        #expect(after.decide(Self.claimed(escalation)).outcome == .expire(.defaultMaxWait))
        #expect(after.plan.expiries == [.init(escalationID: escalation.id, reason: .defaultMaxWait)])
        #expect(ExpiryReason.defaultMaxWait.detail.contains("default"))
    }

    @Test("a configured max_wait ends it with its own reason")
    func configuredMaxWait() {
        let queue = QueueConfig(id: "billing", maxWait: .seconds(300))
        let escalation = Fixture.escalation(language: "fi")
        var early = DispatchPlanner(candidates: [], queues: ["billing": queue], now: Fixture.at(299))
        #expect(early.decide(Self.claimed(escalation)).outcome == .wait)
        var late = DispatchPlanner(candidates: [], queues: ["billing": queue], now: Fixture.at(300))
        #expect(late.decide(Self.claimed(escalation)).outcome == .expire(.maxWait))
    }

    @Test("max_wait counts from the queue's latest opening, not through the night it waited for it")
    func maxWaitFromOpening() {
        // Berlin, Monday to Friday 9-17; enqueued Friday 16:55 local, the queue then closed for the weekend.
        let hours = WeeklySchedule(timeZone: Fixture.berlin, intervals: Fixture.weekdays(from: 9, to: 17))
        let queue = QueueConfig(id: "billing", businessHours: hours, maxWait: .seconds(1800))
        let friday = Fixture.utc("2026-03-06T15:55:00Z")
        let escalation = Fixture.escalation(language: "fi", enqueueTime: friday)
        var weekend = DispatchPlanner(candidates: [], queues: ["billing": queue], now: Fixture.utc("2026-03-07T12:00:00Z"))
        #expect(weekend.decide(Self.claimed(escalation)).outcome == .waitForOpening)
        // Monday 09:29 local: 29 minutes since the opening, though 64 hours since enqueue.
        var monday = DispatchPlanner(candidates: [], queues: ["billing": queue], now: Fixture.utc("2026-03-09T08:29:00Z"))
        #expect(monday.decide(Self.claimed(escalation)).outcome == .wait)
        var later = DispatchPlanner(candidates: [], queues: ["billing": queue], now: Fixture.utc("2026-03-09T08:30:00Z"))
        #expect(later.decide(Self.claimed(escalation)).outcome == .expire(.maxWait))
        // Friday itself: 5 minutes into its wait, the queue open since 09:00, counted from enqueue.
        var sameDay = DispatchPlanner(candidates: [], queues: ["billing": queue], now: Fixture.utc("2026-03-06T15:59:00Z"))
        #expect(sameDay.decide(Self.claimed(escalation)).outcome == .wait)
    }

    @Test("a closed queue that never opens again ends its escalations")
    func neverOpens() {
        let hours = WeeklySchedule(timeZone: Fixture.berlin, intervals: [])
        let queue = QueueConfig(id: "billing", businessHours: hours)
        var planner = DispatchPlanner(candidates: [Fixture.candidate(Fixture.agent("ana"))], queues: ["billing": queue],
                                      now: Fixture.now)
        #expect(planner.decide(Self.claimed(Fixture.escalation())).outcome == .expire(.queueNeverOpens))
    }

    @Test("a free slot goes to the first escalation in claim order; the next waits")
    func capacityInClaimOrder() {
        let ana = Fixture.candidate(Fixture.agent("ana", capacities: [.chat: 1]))
        var planner = DispatchPlanner(candidates: [ana], queues: ["billing": Self.billing], now: Fixture.now)
        #expect(planner.decide(Self.claimed(Fixture.escalation("first"))).outcome == .offer(agentID: "ana", reason: .onlyEligibleAgent))
        #expect(!planner.someoneIsFree)
        #expect(planner.decide(Self.claimed(Fixture.escalation("second"))).outcome == .wait)
        #expect(planner.candidates[0].status.load == [.chat: 1])
    }

    @Test("a widening stage is recorded once; an escalation is held for its busy previous agent")
    func wideningAndHold() {
        let queue = QueueConfig(id: "billing", wideningSteps: [WideningStep(after: .seconds(60), lowerMinLevelBy: 2)])
        let junior = Fixture.candidate(Fixture.agent("junior", skills: ["billing": 3]))
        let escalation = Fixture.escalation(required: [SkillRequirement(skill: "billing", minLevel: 5)])
        var first = DispatchPlanner(candidates: [junior], queues: ["billing": queue], now: Fixture.at(60))
        let decision = first.decide(Self.claimed(escalation))
        #expect(decision.outcome == .offer(agentID: "junior", reason: .onlyEligibleAgent))
        #expect(first.plan.widenings.map(\.stageCount) == [1])
        var again = DispatchPlanner(candidates: [], queues: ["billing": queue], now: Fixture.at(70))
        again.decide(Self.claimed(escalation, stages: 1))
        #expect(again.plan.widenings.isEmpty)

        let busyPrevious = Fixture.candidate(Fixture.agent("ben"), presence: .busy)
        let other = Fixture.candidate(Fixture.agent("cat"))
        var hold = DispatchPlanner(candidates: [busyPrevious, other], queues: ["billing": Self.billing], now: Fixture.at(30))
        let returning = Fixture.escalation(previousAgentID: "ben")
        guard case .holdForPreviousAgent("ben", _) = hold.decide(Self.claimed(returning)).outcome else {
            Issue.record("expected a hold for ben")
            return
        }
        #expect(hold.plan.offers.isEmpty)
    }

    @Test("an urgent escalation takes the on-call path after its delay")
    func onCallAfterDelay() {
        let path = OnCallPath(categories: ["safety"], after: .seconds(120))
        let queue = QueueConfig(id: "billing", onCall: path)
        let onCallAgent = Fixture.candidate(Fixture.agent("ola", skills: [:], onCall: true))
        let escalation = Fixture.escalation(category: "safety.gas")
        var early = DispatchPlanner(candidates: [onCallAgent], queues: ["billing": queue], now: Fixture.at(60))
        #expect(early.decide(Self.claimed(escalation)).outcome == .wait)
        var late = DispatchPlanner(candidates: [onCallAgent], queues: ["billing": queue], now: Fixture.at(120))
        let decision = late.decide(Self.claimed(escalation))
        #expect(decision.routedOnCall)
        #expect(decision.outcome == .offer(agentID: "ola", reason: .onlyEligibleAgent))
        #expect(late.plan.onCallRoutings == [escalation.id])
    }

    @Test("an escalation of a queue the pass does not know is left for the next pass")
    func unknownQueue() {
        var planner = DispatchPlanner(candidates: [Fixture.candidate(Fixture.agent("ana"))], queues: [:], now: Fixture.now)
        #expect(planner.decide(Self.claimed(Fixture.escalation())).outcome == .unknownQueue)
        #expect(planner.plan.isEmpty)
    }
}
