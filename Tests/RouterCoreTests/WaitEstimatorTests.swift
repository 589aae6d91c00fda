import Foundation
@testable import RouterCore
import Testing
import Wire

/// Position and estimated wait from staffing and recent handle times.
@Suite("Wait estimator")
struct WaitEstimatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var position: Int
        var staffing: Staffing
        var handleTimes: [Int]
        /// Expected wait and 90% bound in seconds; nil: no estimate.
        var expected: Double?
        var upperBound: Double?
        var confidence: Double
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "zero staffed agents: no estimate", position: 1, staffing: Staffing(slots: 0, freeSlots: 0),
             handleTimes: [300], expected: nil, upperBound: nil, confidence: 0),
        Case(name: "a free slot serves the first in line at once", position: 1, staffing: Staffing(slots: 4, freeSlots: 1),
             handleTimes: [240], expected: 0, upperBound: 0, confidence: 0.05),
        Case(name: "second in line behind one free slot waits for one slot of four",
             position: 2, staffing: Staffing(slots: 4, freeSlots: 1), handleTimes: [240],
             expected: 60, upperBound: 60 * 2.302_585, confidence: 0.05),
        Case(name: "fifth in line, two busy slots: five slots to free at 150 s each",
             position: 5, staffing: Staffing(slots: 2, freeSlots: 0), handleTimes: [300, 300, 300, 300, 300],
             expected: 750, upperBound: 150 * 7.993_59, confidence: 0.25),
        Case(name: "the moving average weighs the newest handle time by 0.2",
             position: 1, staffing: Staffing(slots: 1, freeSlots: 0), handleTimes: [100, 200],
             expected: 120, upperBound: 120 * 2.302_585, confidence: 0.1),
        Case(name: "no history: the default handle time, no confidence",
             position: 1, staffing: Staffing(slots: 3, freeSlots: 0), handleTimes: [],
             expected: 120, upperBound: 120 * 2.302_585, confidence: 0),
        Case(name: "twenty handle times give full confidence",
             position: 1, staffing: Staffing(slots: 1, freeSlots: 0), handleTimes: Array(repeating: 60, count: 25),
             expected: 60, upperBound: 60 * 2.302_585, confidence: 1),
    ]

    @Test("estimates", arguments: cases)
    func estimate(_ sample: Case) {
        let estimate = WaitEstimator().estimate(position: sample.position, staffing: sample.staffing,
                                                recentHandleTimes: sample.handleTimes.map { .seconds($0) })
        #expect(estimate.position == sample.position, "\(sample.name)")
        #expect(Self.seconds(estimate.expected).map { abs($0 - sample.expected!) < 0.01 } ?? (sample.expected == nil),
                "\(sample.name): expected \(String(describing: estimate.expected))")
        #expect(Self.seconds(estimate.upperBound).map { abs($0 - sample.upperBound!) < 0.05 } ?? (sample.upperBound == nil),
                "\(sample.name): upper bound \(String(describing: estimate.upperBound))")
        #expect(abs(estimate.confidence - sample.confidence) < 1e-9, "\(sample.name): confidence \(estimate.confidence)")
    }

    @Test("the wait grows with the position and shrinks with the staffing; the bound is above the mean")
    func monotone() throws {
        let estimator = WaitEstimator()
        let handleTimes: [Duration] = [.seconds(300)]
        var previous = -1.0
        for position in 1...200 {
            let estimate = estimator.estimate(position: position, staffing: Staffing(slots: 5, freeSlots: 0),
                                              recentHandleTimes: handleTimes)
            let expected = try #require(Self.seconds(estimate.expected))
            #expect(expected > previous, "position \(position)")
            #expect(try #require(Self.seconds(estimate.upperBound)) > expected, "position \(position)")
            previous = expected
        }
        let few = estimator.estimate(position: 10, staffing: Staffing(slots: 2, freeSlots: 0), recentHandleTimes: handleTimes)
        let many = estimator.estimate(position: 10, staffing: Staffing(slots: 8, freeSlots: 0), recentHandleTimes: handleTimes)
        #expect(try #require(Self.seconds(many.expected)) < #require(Self.seconds(few.expected)))
    }

    struct StaffingCase: CustomTestStringConvertible, Sendable {
        var name: String
        var candidate: AgentCandidate
        var slots: Int
        var freeSlots: Int
        var testDescription: String { name }
    }

    static let staffingCases: [StaffingCase] = [
        StaffingCase(name: "available with one of two chat slots used",
                     candidate: Fixture.candidate(Fixture.agent("a"), load: [.chat: 1]), slots: 2, freeSlots: 1),
        StaffingCase(name: "busy: staffed, nothing free", candidate: Fixture.candidate(Fixture.agent("a"), presence: .busy),
                     slots: 2, freeSlots: 0),
        StaffingCase(name: "away: not staffed", candidate: Fixture.candidate(Fixture.agent("a"), presence: .away),
                     slots: 0, freeSlots: 0),
        StaffingCase(name: "disconnected: not staffed", candidate: Fixture.candidate(Fixture.agent("a"), connected: false),
                     slots: 0, freeSlots: 0),
        StaffingCase(name: "off shift: not staffed",
                     candidate: Fixture.candidate(Fixture.agent("a", schedule: WeeklySchedule(timeZone: Fixture.berlin))),
                     slots: 0, freeSlots: 0),
        StaffingCase(name: "another queue: not staffed",
                     candidate: Fixture.candidate(Fixture.agent("a", queueIDs: ["sales"])), slots: 0, freeSlots: 0),
        StaffingCase(name: "channel slots capped by the overall limit",
                     candidate: Fixture.candidate(Fixture.agent("a", capacities: [.chat: 5, .email: 5], maxTotalConcurrent: 3),
                                                  load: [.email: 1]),
                     slots: 3, freeSlots: 2),
        StaffingCase(name: "a channel the agent does not serve", candidate: Fixture.candidate(Fixture.agent("a", capacities: [.email: 2])),
                     slots: 0, freeSlots: 0),
    ]

    @Test("staffing counts the slots of connected, on-shift agents of the queue", arguments: staffingCases)
    func staffing(_ sample: StaffingCase) {
        let staffing = Staffing(of: [sample.candidate], queueID: "billing", channel: .chat, at: Fixture.now)
        #expect(staffing == Staffing(slots: sample.slots, freeSlots: sample.freeSlots), "\(sample.name): \(staffing)")
    }

    static func seconds(_ duration: Duration?) -> Double? {
        duration.map(\.timeInterval)
    }

    @Test("the Poisson CDF equals the sum of its terms, from tiny to large means")
    func poissonCDF() {
        for (count, mean) in [(0, 0.5), (3, 0.1), (5, 5.0), (10, 3.0), (40, 60.0), (199, 180.5), (500, 520.0), (2, 900.0)] {
            // The plain sum of e^-m m^k / k!, in log space.
            let direct = (0...count).reduce(0.0) { $0 + exp(Double($1) * log(mean) - mean - lgamma(Double($1) + 1)) }
            let fast = WaitEstimator.poissonCDF(atMost: count, mean: mean)
            #expect(abs(fast - direct) <= 1e-12 + 1e-9 * direct, "P(X <= \(count)) for mean \(mean): \(fast) vs \(direct)")
        }
        #expect(WaitEstimator.poissonCDF(atMost: 0, mean: 0) == 1)
    }
}
