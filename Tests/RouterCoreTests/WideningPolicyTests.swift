import Foundation
import RouterCore
import Testing

/// Requirements relaxing step by step while an escalation stays unmatched.
@Suite("Widening policy")
struct WideningPolicyTests {
    /// Steps given out of order on purpose: the policy orders them by time.
    static let queue = QueueConfig(
        id: "billing",
        requiredSkills: [SkillRequirement(skill: "billing", minLevel: 6)],
        overflowQueueIDs: ["sales", "support"],
        overflowAfter: .seconds(150),
        wideningSteps: [
            WideningStep(after: .seconds(360), lowerMinLevelBy: 5),
            WideningStep(after: .seconds(60), ignoreOptionalSkills: true),
            WideningStep(after: .seconds(120), lowerMinLevelBy: 1),
            WideningStep(after: .seconds(240), anySeniority: true, ignoreAffinity: true),
        ]
    )

    static let escalation = Fixture.escalation(
        required: [SkillRequirement(skill: "billing", minLevel: 5), SkillRequirement(skill: "crm")],
        optional: [SkillRequirement(skill: "refunds", minLevel: 3)])

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var waited: Int
        var stageCount: Int
        var skills: [String: Int]
        var queueIDs: [String]
        var preferred: [String: Int] = ["refunds": 3]
        var vipNeedsSenior = true
        var prefersPreviousAgent = true
        var nextStageAfter: Int?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "fresh: escalation and queue skills merged at the highest level; optional skills preferred",
             waited: 0, stageCount: 0, skills: ["billing": 6, "crm": 0], queueIDs: ["billing"], nextStageAfter: 60),
        Case(name: "just before the first step", waited: 59, stageCount: 0,
             skills: ["billing": 6, "crm": 0], queueIDs: ["billing"], nextStageAfter: 60),
        Case(name: "step 1: optional skills no longer rank", waited: 60, stageCount: 1,
             skills: ["billing": 6, "crm": 0], queueIDs: ["billing"], preferred: [:], nextStageAfter: 120),
        Case(name: "step 2: levels lowered by one; any level stays any", waited: 120, stageCount: 2,
             skills: ["billing": 5, "crm": 0], queueIDs: ["billing"], preferred: [:], nextStageAfter: 150),
        Case(name: "step 3: the first overflow queue joins", waited: 150, stageCount: 3,
             skills: ["billing": 5, "crm": 0], queueIDs: ["billing", "sales"], preferred: [:], nextStageAfter: 240),
        Case(name: "step 4: any seniority, no affinity", waited: 240, stageCount: 4,
             skills: ["billing": 5, "crm": 0], queueIDs: ["billing", "sales"], preferred: [:],
             vipNeedsSenior: false, prefersPreviousAgent: false, nextStageAfter: 300),
        Case(name: "step 5: the second overflow queue joins", waited: 300, stageCount: 5,
             skills: ["billing": 5, "crm": 0], queueIDs: ["billing", "sales", "support"], preferred: [:],
             vipNeedsSenior: false, prefersPreviousAgent: false, nextStageAfter: 360),
        Case(name: "step 6: levels lowered by six in all, never below 1", waited: 360, stageCount: 6,
             skills: ["billing": 1, "crm": 0], queueIDs: ["billing", "sales", "support"], preferred: [:],
             vipNeedsSenior: false, prefersPreviousAgent: false, nextStageAfter: nil),
        Case(name: "an hour later nothing more changes", waited: 3_600, stageCount: 6,
             skills: ["billing": 1, "crm": 0], queueIDs: ["billing", "sales", "support"], preferred: [:],
             vipNeedsSenior: false, prefersPreviousAgent: false, nextStageAfter: nil),
    ]

    @Test("steps apply in order and accumulate", arguments: cases)
    func steps(_ sample: Case) {
        let widening = WideningPolicy(queue: Self.queue).widening(for: Self.escalation, waitedInQueue: .seconds(sample.waited))
        let requirements = widening.requirements
        #expect(widening.stageCount == sample.stageCount, "\(sample.name)")
        #expect(widening.appliedStages.count == sample.stageCount, "\(sample.name)")
        #expect(Dictionary(uniqueKeysWithValues: requirements.skills.map { ($0.skill, $0.minLevel) }) == sample.skills,
                "\(sample.name): \(requirements.skills)")
        #expect(requirements.skills.map(\.skill) == requirements.skills.map(\.skill).sorted(), "\(sample.name): order")
        #expect(Dictionary(uniqueKeysWithValues: requirements.preferredSkills.map { ($0.skill, $0.minLevel) }) == sample.preferred,
                "\(sample.name): \(requirements.preferredSkills)")
        #expect(requirements.queueIDs == sample.queueIDs, "\(sample.name)")
        #expect(requirements.vipNeedsSenior == sample.vipNeedsSenior, "\(sample.name)")
        #expect(requirements.prefersPreviousAgent == sample.prefersPreviousAgent, "\(sample.name)")
        #expect(widening.nextStageAfter == sample.nextStageAfter.map { .seconds($0) }, "\(sample.name)")
    }

    @Test("the timeline lists steps and overflows by time")
    func timeline() {
        let timeline = WideningPolicy(queue: Self.queue).timeline
        #expect(timeline.map(\.after) == [60, 120, 150, 240, 300, 360].map { Duration.seconds($0) })
        #expect(timeline[2] == .overflow(queueID: "sales", after: .seconds(150)))
        #expect(timeline[4] == .overflow(queueID: "support", after: .seconds(300)))
    }

    @Test("a queue without steps or overflow keeps the original requirements")
    func noSteps() {
        let widening = WideningPolicy(queue: QueueConfig(id: "billing"))
            .widening(for: Self.escalation, waitedInQueue: .seconds(86_400))
        #expect(widening.stageCount == 0)
        #expect(widening.nextStageAfter == nil)
        #expect(widening.requirements.skills.map(\.skill) == ["billing", "crm"])
        #expect(widening.requirements.preferredSkills == [SkillRequirement(skill: "refunds", minLevel: 3)])
    }

    @Test("an agent without the optional skill is eligible at once; one with it ranks first")
    func optionalSkillsRankAndNeverExclude() {
        let escalation = Fixture.escalation(required: [SkillRequirement(skill: "billing", minLevel: 3)],
                                            optional: [SkillRequirement(skill: "refunds", minLevel: 3)])
        let policy = WideningPolicy(queue: QueueConfig(id: "billing"))
        let requirements = policy.widening(for: escalation, waitedInQueue: .zero).requirements
        let without = Fixture.candidate(Fixture.agent("a-without", skills: ["billing": 5]), idleMinutes: 60)
        let belowLevel = Fixture.candidate(Fixture.agent("b-below", skills: ["billing": 5, "refunds": 2]), idleMinutes: 30)
        let with = Fixture.candidate(Fixture.agent("c-with", skills: ["billing": 5, "refunds": 3]), idleMinutes: 1)
        #expect(AgentMatcher().match(escalation, requirements: requirements, among: [without], at: Fixture.now)
                == .offer(agentID: "a-without", reason: .onlyEligibleAgent))
        #expect(AgentMatcher().match(escalation, requirements: requirements, among: [without, belowLevel, with], at: Fixture.now)
                == .offer(agentID: "c-with", reason: .optionalSkills))
        #expect(AgentMatcher().match(escalation, requirements: requirements, among: [without, belowLevel], at: Fixture.now)
                == .offer(agentID: "a-without", reason: .longestIdle), "below the level counts as not having it")
    }

    @Test("an agent below the levels becomes eligible only once the steps reach them")
    func wideningFindsAnAgent() {
        let agent = Fixture.candidate(Fixture.agent("a", skills: ["billing": 5, "crm": 1]))
        let policy = WideningPolicy(queue: Self.queue)
        var firstMatch: Int?
        for waited in stride(from: 0, through: 400, by: 10) {
            let requirements = policy.widening(for: Self.escalation, waitedInQueue: .seconds(waited)).requirements
            let result = AgentMatcher().match(Self.escalation, requirements: requirements, among: [agent],
                                              at: Fixture.at(waited))
            if case .offer = result {
                firstMatch = waited
                break
            }
        }
        #expect(firstMatch == 120, "needs billing lowered to 5; the optional skill it lacks never held it back")
    }
}
