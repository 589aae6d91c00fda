import Foundation
import RouterCore
import Testing

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

    static func seconds(_ duration: Duration?) -> Double? {
        duration.map { Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18 }
    }
}
