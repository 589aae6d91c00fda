import Foundation
import RouterCore
import Testing

/// The queue order: head starts from urgency and tier, aging by total wait.
@Suite("Priority")
struct PriorityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var first: Escalation
        var second: Escalation
        /// True when `first` must be served before `second`.
        var firstIsServedFirst: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "critical before normal arriving together",
             first: Fixture.escalation("a", urgency: .critical), second: Fixture.escalation("b"),
             firstIsServedFirst: true),
        Case(name: "low after normal arriving together",
             first: Fixture.escalation("a", urgency: .low), second: Fixture.escalation("b"),
             firstIsServedFirst: false),
        Case(name: "VIP platinum before standard at the same urgency",
             first: Fixture.escalation("b", tier: .vipPlatinum), second: Fixture.escalation("a"),
             firstIsServedFirst: true),
        Case(name: "urgency outweighs tier: high free before normal platinum",
             first: Fixture.escalation("a", tier: .free, urgency: .high),
             second: Fixture.escalation("b", tier: .vipPlatinum),
             firstIsServedFirst: true),
        Case(name: "bot time counts: 10 min with the bot beats 5 min more in the queue",
             first: Fixture.escalation("a", priorWait: .seconds(600)),
             second: Fixture.escalation("b", enqueueTime: Fixture.at(-300)),
             firstIsServedFirst: true),
        Case(name: "aging: a low free escalation 41 min old is ahead of a fresh critical platinum",
             first: Fixture.escalation("a", tier: .free, urgency: .low, enqueueTime: Fixture.at(-41 * 60)),
             second: Fixture.escalation("b", tier: .vipPlatinum, urgency: .critical),
             firstIsServedFirst: true),
        Case(name: "within the bound: a low free escalation 39 min old is behind a fresh critical platinum",
             first: Fixture.escalation("a", tier: .free, urgency: .low, enqueueTime: Fixture.at(-39 * 60)),
             second: Fixture.escalation("b", tier: .vipPlatinum, urgency: .critical),
             firstIsServedFirst: false),
        Case(name: "equal keys: the earlier enqueue first",
             first: Fixture.escalation("b", enqueueTime: Fixture.at(-60)),
             second: Fixture.escalation("a", priorWait: .seconds(60)),
             firstIsServedFirst: true),
        Case(name: "equal in everything: the smaller id first",
             first: Fixture.escalation("a"), second: Fixture.escalation("b"),
             firstIsServedFirst: true),
    ]

    @Test("escalations are ordered by head start and total wait", arguments: cases)
    func order(_ sample: Case) {
        let priority = Priority.standard
        #expect(priority.isServedBefore(sample.first, sample.second) == sample.firstIsServedFirst, "\(sample.name)")
        #expect(priority.isServedBefore(sample.second, sample.first) == !sample.firstIsServedFirst,
                "\(sample.name): the order is not antisymmetric")
        #expect(priority.position(of: sample.first.id, among: [sample.second, sample.first])
                == (sample.firstIsServedFirst ? 1 : 2), "\(sample.name): position")
    }

    @Test("the stored key orders like the score at every instant, and is positive")
    func keyIsTimeIndependent() {
        let priority = Priority.standard
        let escalations = Self.cases.flatMap { [$0.first, $0.second] }
        for later in [0, 60, 3_600, 86_400 * 30] {
            let now = Fixture.at(later)
            for first in escalations {
                for second in escalations {
                    let byScore = priority.score(of: first, at: now) > priority.score(of: second, at: now)
                    let byKey = priority.sortKey(of: first) > priority.sortKey(of: second)
                    #expect(byScore == byKey, "\(first) vs \(second) at +\(later) s")
                }
            }
        }
        #expect(escalations.allSatisfy { priority.sortKey(of: $0) > 0 })
    }

    @Test("the score is head start plus bot time plus queue time")
    func score() {
        let escalation = Fixture.escalation(tier: .premium, urgency: .high, priorWait: .seconds(90))
        #expect(Priority.standard.score(of: escalation, at: Fixture.at(30)) == .seconds(900 + 120 + 90 + 30))
        #expect(Priority.standard.totalWait(of: escalation, at: Fixture.at(-10)) == .seconds(90),
                "a clock behind the enqueue time must not make the wait negative")
    }

    @Test("the documented bound: head starts differ by at most 40 minutes")
    func bound() {
        #expect(Priority.standard.maximumHeadStartGap == .seconds(40 * 60))
    }

    /// One agent takes the best waiting escalation every minute; every minute
    /// a new critical VIP-platinum escalation arrives first. Without aging the
    /// low one would wait for ever.
    @Test("starvation freedom: a low escalation is served within the bound under a stream of critical ones")
    func noStarvation() throws {
        let priority = Priority.standard
        var waiting = [Fixture.escalation("low", tier: .free, urgency: .low)]
        var servedAtMinute: Int?
        for minute in 1...120 {
            waiting.append(Fixture.escalation("critical-\(minute)", tier: .vipPlatinum, urgency: .critical,
                                              enqueueTime: Fixture.at(60 * minute)))
            let next = try #require(priority.queueOrder(waiting).first)
            waiting.removeAll { $0.id == next.id }
            if next.id == "low" {
                servedAtMinute = minute
                break
            }
        }
        let bound = Int(priority.maximumHeadStartGap.components.seconds / 60)
        let minute = try #require(servedAtMinute, "the low escalation starved")
        #expect(minute <= bound + 1, "served at minute \(minute), bound \(bound)")
        #expect(minute >= bound - 1, "served at minute \(minute): the head starts had no effect")
    }
}
