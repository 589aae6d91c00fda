import Foundation
import RouterCore
import Testing

/// Offers: timeouts, re-offers to the next agent, away after repeated lapses.
@Suite("Offer policy")
struct OfferPolicyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var answer: OfferAnswer
        var offerCount = 1
        var priorTimeouts = 0
        var maxOffers = 0
        var next: OfferResolution.Next
        var excludesAgent: Bool
        var timeouts: Int
        var setAway = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "accept assigns and resets the lapses", answer: .accepted, priorTimeouts: 2,
             next: .assign, excludesAgent: false, timeouts: 0),
        Case(name: "decline re-offers without this agent and resets the lapses", answer: .declined, priorTimeouts: 2,
             next: .reoffer, excludesAgent: true, timeouts: 0),
        Case(name: "a first lapse re-offers and counts", answer: .timedOut,
             next: .reoffer, excludesAgent: true, timeouts: 1),
        Case(name: "a second lapse in a row is not yet the threshold", answer: .timedOut, priorTimeouts: 1,
             next: .reoffer, excludesAgent: true, timeouts: 2),
        Case(name: "the third lapse in a row sets the agent away", answer: .timedOut, priorTimeouts: 2,
             next: .reoffer, excludesAgent: true, timeouts: 3, setAway: true),
        Case(name: "the last allowed offer lapsing expires the escalation", answer: .timedOut, offerCount: 3, maxOffers: 3,
             next: .expire, excludesAgent: true, timeouts: 1),
        Case(name: "a decline below the offer limit re-offers", answer: .declined, offerCount: 2, maxOffers: 3,
             next: .reoffer, excludesAgent: true, timeouts: 0),
        Case(name: "a revoked offer counts against nobody", answer: .revoked, priorTimeouts: 2,
             next: .reoffer, excludesAgent: false, timeouts: 2),
    ]

    @Test("answers", arguments: cases)
    func resolve(_ sample: Case) {
        let policy = OfferPolicy(timeout: .seconds(30), awayAfterConsecutiveTimeouts: 3, maxOffers: sample.maxOffers)
        let resolution = policy.resolve(sample.answer, escalation: Fixture.escalation(excluded: ["earlier"]), agentID: "a",
                                        offerCount: sample.offerCount, agentConsecutiveTimeouts: sample.priorTimeouts)
        #expect(resolution.next == sample.next, "\(sample.name)")
        #expect(resolution.excludedAgentIDs.contains("a") == sample.excludesAgent, "\(sample.name)")
        #expect(resolution.excludedAgentIDs.contains("earlier"), "\(sample.name): an earlier exclusion was lost")
        #expect(resolution.agentConsecutiveTimeouts == sample.timeouts, "\(sample.name)")
        #expect(resolution.setAgentAway == sample.setAway, "\(sample.name)")
    }

    @Test("an offer lapses at its timeout, not before")
    func timeout() {
        let policy = OfferPolicy(timeout: .seconds(30))
        #expect(policy.expiry(ofOfferMadeAt: Fixture.now) == Fixture.at(30))
        #expect(!policy.hasLapsed(offerMadeAt: Fixture.now, at: Fixture.now.addingTimeInterval(29.9)))
        #expect(policy.hasLapsed(offerMadeAt: Fixture.now, at: Fixture.at(30)))
    }

    /// Three agents let the offer lapse in turn: each re-offer goes to the
    /// next in ranking, never to one who had it, until nobody is left.
    @Test("re-offers go to the next eligible agent, never the same one twice")
    func reofferSequence() {
        let candidates = [
            Fixture.candidate(Fixture.agent("a"), idleMinutes: 30),
            Fixture.candidate(Fixture.agent("b"), idleMinutes: 20),
            Fixture.candidate(Fixture.agent("c"), idleMinutes: 10),
        ]
        let policy = OfferPolicy()
        var escalation = Fixture.escalation()
        var offered: [String] = []
        for round in 1...4 {
            let result = AgentMatcher().match(escalation, requirements: Fixture.requirements(escalation),
                                              among: candidates, at: Fixture.at(30 * round))
            guard case .offer(let agentID, _) = result else {
                #expect(result == .noEligibleAgent(reasons: ["a": .excluded, "b": .excluded, "c": .excluded]), "round \(round)")
                break
            }
            offered.append(agentID)
            escalation.excludedAgentIDs = policy.resolve(.timedOut, escalation: escalation, agentID: agentID,
                                                         offerCount: round, agentConsecutiveTimeouts: 0).excludedAgentIDs
        }
        #expect(offered == ["a", "b", "c"])
    }
}
