import Foundation
import RouterCore
import Testing

/// Eligibility and ranking of agents for one escalation.
@Suite("Agent matcher")
struct AgentMatcherTests {
    struct EligibilityCase: CustomTestStringConvertible, Sendable {
        var name: String
        var candidate: AgentCandidate
        var escalation: Escalation = Fixture.escalation()
        var requirements: MatchRequirements?
        var expected: [Ineligibility]
        var testDescription: String { name }
    }

    static let berlinMondayNineToFive = WeeklySchedule(timeZone: Fixture.berlin, intervals: Fixture.weekdays(from: 9, to: 17))
    static let berlinMondayAfternoon = WeeklySchedule(timeZone: Fixture.berlin, intervals: Fixture.weekdays(from: 12, to: 20))

    static let eligibilityCases: [EligibilityCase] = [
        EligibilityCase(name: "an agent meeting every rule", candidate: Fixture.candidate(Fixture.agent("a")), expected: []),
        EligibilityCase(name: "presence busy", candidate: Fixture.candidate(Fixture.agent("a"), presence: .busy),
                        expected: [.presence(.busy)]),
        EligibilityCase(name: "presence away", candidate: Fixture.candidate(Fixture.agent("a"), presence: .away),
                        expected: [.presence(.away)]),
        EligibilityCase(name: "presence offline", candidate: Fixture.candidate(Fixture.agent("a"), presence: .offline),
                        expected: [.presence(.offline)]),
        EligibilityCase(name: "no open desk session", candidate: Fixture.candidate(Fixture.agent("a"), connected: false),
                        expected: [.notConnected]),
        EligibilityCase(name: "skill level below the minimum",
                        candidate: Fixture.candidate(Fixture.agent("a", skills: ["billing": 3])),
                        expected: [.skillBelowMinimum(skill: "billing", level: 3, minimum: 4)]),
        EligibilityCase(name: "skill level at the minimum is enough",
                        candidate: Fixture.candidate(Fixture.agent("a", skills: ["billing": 4])), expected: []),
        EligibilityCase(name: "required skill missing",
                        candidate: Fixture.candidate(Fixture.agent("a", skills: ["sales": 9])),
                        expected: [.missingSkill("billing")]),
        EligibilityCase(name: "minimum level 0 accepts any level",
                        candidate: Fixture.candidate(Fixture.agent("a", skills: ["billing": 1])),
                        escalation: Fixture.escalation(required: [SkillRequirement(skill: "billing")]), expected: []),
        EligibilityCase(name: "language mismatch",
                        candidate: Fixture.candidate(Fixture.agent("a", languages: ["de", "fr"])),
                        expected: [.languageMismatch]),
        EligibilityCase(name: "a regional tag serves the bare language",
                        candidate: Fixture.candidate(Fixture.agent("a", languages: ["de", "en-GB"])), expected: []),
        EligibilityCase(name: "chat slots full",
                        candidate: Fixture.candidate(Fixture.agent("a"), load: [.chat: 2]),
                        expected: [.noSpareCapacity]),
        EligibilityCase(name: "chat slots full, but the escalation is an email",
                        candidate: Fixture.candidate(Fixture.agent("a"), load: [.chat: 2]),
                        escalation: Fixture.escalation(channel: .email), expected: []),
        EligibilityCase(name: "a chat slot free, but the overall limit reached on email",
                        candidate: Fixture.candidate(Fixture.agent("a", maxTotalConcurrent: 3), load: [.chat: 1, .email: 2]),
                        expected: [.noSpareCapacity]),
        EligibilityCase(name: "channel not served",
                        candidate: Fixture.candidate(Fixture.agent("a")),
                        escalation: Fixture.escalation(channel: .voice), expected: [.channelNotServed(.voice)]),
        EligibilityCase(name: "schedule closed now (shift from 12:00 Berlin, now 11:00)",
                        candidate: Fixture.candidate(Fixture.agent("a", schedule: berlinMondayAfternoon)),
                        expected: [.offShift]),
        EligibilityCase(name: "schedule open now",
                        candidate: Fixture.candidate(Fixture.agent("a", schedule: berlinMondayNineToFive)), expected: []),
        EligibilityCase(name: "declined or timed out before",
                        candidate: Fixture.candidate(Fixture.agent("a")),
                        escalation: Fixture.escalation(excluded: ["a"]), expected: [.excluded]),
        EligibilityCase(name: "serves another queue only",
                        candidate: Fixture.candidate(Fixture.agent("a", queueIDs: ["sales"])), expected: [.notInQueue]),
        EligibilityCase(name: "serves an overflow queue that has joined",
                        candidate: Fixture.candidate(Fixture.agent("a", queueIDs: ["sales"])),
                        requirements: Fixture.requirements(Fixture.escalation(), queueIDs: ["billing", "sales"]),
                        expected: []),
        EligibilityCase(name: "VIP customer, agent not senior",
                        candidate: Fixture.candidate(Fixture.agent("a")),
                        escalation: Fixture.escalation(tier: .vipGold), expected: [.notSeniorForVIP]),
        EligibilityCase(name: "VIP customer, lead agent",
                        candidate: Fixture.candidate(Fixture.agent("a", seniority: .lead)),
                        escalation: Fixture.escalation(tier: .vipPlatinum), expected: []),
        EligibilityCase(name: "VIP customer after an any-seniority step",
                        candidate: Fixture.candidate(Fixture.agent("a")),
                        escalation: Fixture.escalation(tier: .vipGold),
                        requirements: Fixture.requirements(Fixture.escalation(tier: .vipGold), vipNeedsSenior: false),
                        expected: []),
        EligibilityCase(name: "every reason is reported",
                        candidate: Fixture.candidate(Fixture.agent("a", languages: ["de"]), presence: .away, load: [.chat: 2]),
                        expected: [.presence(.away), .noSpareCapacity, .languageMismatch]),
    ]

    @Test("eligibility", arguments: eligibilityCases)
    func eligibility(_ sample: EligibilityCase) {
        let found = AgentMatcher().ineligibilities(
            of: sample.candidate, for: sample.escalation,
            requirements: sample.requirements ?? Fixture.requirements(sample.escalation), at: Fixture.now)
        #expect(found == sample.expected, "\(sample.name)")
    }

    struct RankingCase: CustomTestStringConvertible, Sendable {
        var name: String
        var escalation: Escalation = Fixture.escalation()
        var requirements: MatchRequirements?
        var candidates: [AgentCandidate]
        var now: Date = Fixture.now
        var expected: MatchResult
        var testDescription: String { name }
    }

    /// An escalation whose customer was helped by "prev" before, enqueued at `now`.
    static let returning = Fixture.escalation(previousAgentID: "prev")
    static let returningVIP = Fixture.escalation(tier: .vipGold, previousAgentID: "prev")

    static let rankingCases: [RankingCase] = [
        RankingCase(name: "the only eligible agent",
                    candidates: [Fixture.candidate(Fixture.agent("a")),
                                 Fixture.candidate(Fixture.agent("b"), presence: .busy)],
                    expected: .offer(agentID: "a", reason: .onlyEligibleAgent)),
        RankingCase(name: "most spare capacity on the channel",
                    candidates: [Fixture.candidate(Fixture.agent("a", capacities: [.chat: 3]), load: [.chat: 2]),
                                 Fixture.candidate(Fixture.agent("b", capacities: [.chat: 3]), load: [.chat: 1])],
                    expected: .offer(agentID: "b", reason: .mostSpareCapacity)),
        RankingCase(name: "spare capacity counts the overall limit",
                    candidates: [Fixture.candidate(Fixture.agent("a", capacities: [.chat: 3, .email: 3], maxTotalConcurrent: 3),
                                                   load: [.email: 2]),
                                 Fixture.candidate(Fixture.agent("b", capacities: [.chat: 3]), load: [.chat: 1])],
                    expected: .offer(agentID: "b", reason: .mostSpareCapacity)),
        RankingCase(name: "equal spare capacity: the longest idle",
                    candidates: [Fixture.candidate(Fixture.agent("a"), idleMinutes: 5),
                                 Fixture.candidate(Fixture.agent("b"), idleMinutes: 20)],
                    expected: .offer(agentID: "b", reason: .longestIdle)),
        RankingCase(name: "all equal: the smallest id",
                    candidates: [Fixture.candidate(Fixture.agent("b")), Fixture.candidate(Fixture.agent("a"))],
                    expected: .offer(agentID: "a", reason: .agentIDTiebreak)),
        RankingCase(name: "VIP: the senior agent first, even with less spare capacity",
                    escalation: Fixture.escalation(tier: .vipGold),
                    requirements: Fixture.requirements(Fixture.escalation(tier: .vipGold), vipNeedsSenior: false),
                    candidates: [Fixture.candidate(Fixture.agent("junior", seniority: .junior)),
                                 Fixture.candidate(Fixture.agent("senior", seniority: .senior), load: [.chat: 1])],
                    expected: .offer(agentID: "senior", reason: .seniorForVIP)),
        RankingCase(name: "not VIP: seniority does not rank",
                    candidates: [Fixture.candidate(Fixture.agent("junior", seniority: .junior)),
                                 Fixture.candidate(Fixture.agent("senior", seniority: .senior), load: [.chat: 1])],
                    expected: .offer(agentID: "junior", reason: .mostSpareCapacity)),
        RankingCase(name: "VIP: seniority ranks before affinity",
                    escalation: returningVIP,
                    requirements: Fixture.requirements(returningVIP, vipNeedsSenior: false),
                    candidates: [Fixture.candidate(Fixture.agent("prev", seniority: .junior)),
                                 Fixture.candidate(Fixture.agent("senior", seniority: .senior))],
                    expected: .offer(agentID: "senior", reason: .seniorForVIP)),
        RankingCase(name: "affinity: the previous agent within the window, despite less spare capacity",
                    escalation: returning,
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), load: [.chat: 1])],
                    now: Fixture.at(60),
                    expected: .offer(agentID: "prev", reason: .previousAgent)),
        RankingCase(name: "affinity expired after the window",
                    escalation: returning,
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), load: [.chat: 1])],
                    now: Fixture.at(120),
                    expected: .offer(agentID: "other", reason: .mostSpareCapacity)),
        RankingCase(name: "affinity dropped by a widening step",
                    escalation: returning,
                    requirements: Fixture.requirements(returning, prefersPreviousAgent: false),
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), load: [.chat: 1])],
                    expected: .offer(agentID: "other", reason: .mostSpareCapacity)),
        RankingCase(name: "hold for the previous agent who is full, within the window",
                    escalation: returning,
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), load: [.chat: 2])],
                    now: Fixture.at(30),
                    expected: .holdForPreviousAgent(agentID: "prev", until: Fixture.at(120))),
        RankingCase(name: "hold for the previous agent who is busy, within the window",
                    escalation: returning,
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), presence: .busy)],
                    expected: .holdForPreviousAgent(agentID: "prev", until: Fixture.at(120))),
        RankingCase(name: "no hold once the window has closed",
                    escalation: returning,
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), load: [.chat: 2])],
                    now: Fixture.at(121),
                    expected: .offer(agentID: "other", reason: .onlyEligibleAgent)),
        RankingCase(name: "no hold for a previous agent who is away",
                    escalation: returning,
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), presence: .away)],
                    expected: .offer(agentID: "other", reason: .onlyEligibleAgent)),
        RankingCase(name: "no hold for a previous agent who declined",
                    escalation: Fixture.escalation(previousAgentID: "prev", excluded: ["prev"]),
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev"), load: [.chat: 2])],
                    expected: .offer(agentID: "other", reason: .onlyEligibleAgent)),
        RankingCase(name: "no hold for a full previous agent who lacks the language",
                    escalation: returning,
                    candidates: [Fixture.candidate(Fixture.agent("other")),
                                 Fixture.candidate(Fixture.agent("prev", languages: ["de"]), load: [.chat: 2])],
                    expected: .offer(agentID: "other", reason: .onlyEligibleAgent)),
        RankingCase(name: "nobody eligible, with each agent's first reason",
                    candidates: [Fixture.candidate(Fixture.agent("a"), presence: .offline),
                                 Fixture.candidate(Fixture.agent("b", languages: ["fr"]))],
                    expected: .noEligibleAgent(reasons: ["a": .presence(.offline), "b": .languageMismatch])),
        RankingCase(name: "no agents at all", candidates: [], expected: .noEligibleAgent(reasons: [:])),
    ]

    @Test("ranking, affinity and holds", arguments: rankingCases)
    func ranking(_ sample: RankingCase) {
        let result = AgentMatcher(affinityWindow: .seconds(120)).match(
            sample.escalation, requirements: sample.requirements ?? Fixture.requirements(sample.escalation),
            among: sample.candidates, at: sample.now)
        #expect(result == sample.expected, "\(sample.name)")
    }

    @Test("the choice does not depend on the order of the candidates")
    func orderIndependence() {
        for sample in Self.rankingCases {
            let requirements = sample.requirements ?? Fixture.requirements(sample.escalation)
            let matcher = AgentMatcher(affinityWindow: .seconds(120))
            let forward = matcher.match(sample.escalation, requirements: requirements, among: sample.candidates, at: sample.now)
            let backward = matcher.match(sample.escalation, requirements: requirements,
                                         among: sample.candidates.reversed(), at: sample.now)
            #expect(forward == backward, "\(sample.name)")
        }
    }

    struct OnCallCase: CustomTestStringConvertible, Sendable {
        var name: String
        var path: OnCallPath
        var candidates: [AgentCandidate]
        var expected: MatchResult
        var testDescription: String { name }
    }

    static let closedSchedule = WeeklySchedule(timeZone: Fixture.berlin)

    static let onCallCases: [OnCallCase] = [
        OnCallCase(name: "the path's order decides",
                   path: OnCallPath(categories: ["safety"], agentIDs: ["oc2", "oc1"]),
                   candidates: [Fixture.candidate(Fixture.agent("oc1")), Fixture.candidate(Fixture.agent("oc2"))],
                   expected: .offer(agentID: "oc2", reason: .onCallOrder)),
        OnCallCase(name: "the next on the list when the first is away",
                   path: OnCallPath(categories: ["safety"], agentIDs: ["oc2", "oc1"]),
                   candidates: [Fixture.candidate(Fixture.agent("oc1")),
                                Fixture.candidate(Fixture.agent("oc2"), presence: .away)],
                   expected: .offer(agentID: "oc1", reason: .onlyEligibleAgent)),
        OnCallCase(name: "without a list, agents on the rota ranked as usual; off-shift and unskilled is fine",
                   path: OnCallPath(categories: ["safety"]),
                   candidates: [Fixture.candidate(Fixture.agent("regular")),
                                Fixture.candidate(Fixture.agent("oc1", skills: [:], schedule: closedSchedule, onCall: true),
                                                  idleMinutes: 5),
                                Fixture.candidate(Fixture.agent("oc2", queueIDs: ["sales"], onCall: true), idleMinutes: 30)],
                   expected: .offer(agentID: "oc2", reason: .longestIdle)),
        OnCallCase(name: "the language still has to match",
                   path: OnCallPath(categories: ["safety"]),
                   candidates: [Fixture.candidate(Fixture.agent("oc1", languages: ["de"], onCall: true))],
                   expected: .noEligibleAgent(reasons: ["oc1": .languageMismatch])),
    ]

    @Test("on-call path", arguments: onCallCases)
    func onCall(_ sample: OnCallCase) {
        let result = AgentMatcher().matchOnCall(Fixture.escalation(category: "safety"), path: sample.path,
                                                among: sample.candidates)
        #expect(result == sample.expected, "\(sample.name)")
    }
}
