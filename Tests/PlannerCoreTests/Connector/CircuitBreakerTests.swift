import PlannerCore
import Testing

/// The connector circuit breaker as scripts of events: each step is an
/// admission or a recorded outcome at a time after `t0`, with what the
/// breaker must answer and where it must stand.
@Suite("Circuit breaker")
struct CircuitBreakerTests {
    static let t0 = ContinuousClock.now

    static func at(_ milliseconds: Int64) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    var breaker = CircuitBreaker(configuration: .init(failureThreshold: 3, openDuration: .seconds(1), probes: 1))

    @Test mutating func failuresInARowOpenItAndASuccessBetweenThemStartsTheCountAgain() {
        #expect(breaker.admit(now: Self.at(0)) == .allowed)
        #expect(breaker.record(.failure, now: Self.at(1)) == nil)
        #expect(breaker.record(.failure, now: Self.at(2)) == nil)
        #expect(breaker.state == .closed(failures: 2))
        #expect(breaker.record(.success, now: Self.at(3)) == nil)
        #expect(breaker.state == .closed(failures: 0))
        #expect(breaker.record(.failure, now: Self.at(4)) == nil)
        #expect(breaker.record(.failure, now: Self.at(5)) == nil)
        #expect(breaker.record(.failure, now: Self.at(6)) == .opened)
        #expect(breaker.state == .open(until: Self.at(1_006)))
    }

    @Test mutating func anOpenBreakerRefusesUntilItsTimeIsUpThenAdmitsOneProbe() {
        for step in 0..<3 { breaker.record(.failure, now: Self.at(Int64(step))) }
        #expect(breaker.admit(now: Self.at(500)) == .rejected(retryAfter: .milliseconds(502)))
        #expect(breaker.admit(now: Self.at(1_001)) == .rejected(retryAfter: .milliseconds(1)))
        #expect(breaker.admit(now: Self.at(1_002)) == .probe)
        #expect(breaker.state == .halfOpen(inFlight: 1, since: Self.at(1_002)))
        #expect(breaker.admit(now: Self.at(1_003)) == .rejected(retryAfter: .zero))
        #expect(breaker.record(.success, now: Self.at(1_050)) == .closed)
        #expect(breaker.state == .closed(failures: 0))
        #expect(breaker.admit(now: Self.at(1_051)) == .allowed)
    }

    @Test mutating func aFailedProbeOpensItAgainForAFullPeriod() {
        for step in 0..<3 { breaker.record(.failure, now: Self.at(Int64(step))) }
        #expect(breaker.admit(now: Self.at(2_000)) == .probe)
        #expect(breaker.record(.failure, now: Self.at(2_100)) == .opened)
        #expect(breaker.state == .open(until: Self.at(3_100)))
        #expect(breaker.admit(now: Self.at(3_000)) == .rejected(retryAfter: .milliseconds(100)))
    }

    @Test mutating func lateResultsOfCallsAdmittedBeforeItOpenedChangeNothing() {
        for step in 0..<3 { breaker.record(.failure, now: Self.at(Int64(step))) }
        #expect(breaker.record(.success, now: Self.at(10)) == nil)
        #expect(breaker.record(.failure, now: Self.at(20)) == nil)
        #expect(breaker.state == .open(until: Self.at(1_002)))
    }

    @Test mutating func aProbeThatNeverReportsFreesItsSlotAfterAnOpenPeriod() {
        for step in 0..<3 { breaker.record(.failure, now: Self.at(Int64(step))) }
        #expect(breaker.admit(now: Self.at(1_002)) == .probe)
        #expect(breaker.admit(now: Self.at(2_001)) == .rejected(retryAfter: .zero))
        #expect(breaker.admit(now: Self.at(2_002)) == .probe)
        #expect(breaker.state == .halfOpen(inFlight: 1, since: Self.at(2_002)))
    }

    @Test func severalProbesMayBeOutAtOnceWhenConfigured() {
        var wide = CircuitBreaker(configuration: .init(failureThreshold: 1, openDuration: .seconds(1), probes: 2))
        #expect(wide.record(.failure, now: Self.at(0)) == .opened)
        #expect(wide.admit(now: Self.at(1_000)) == .probe)
        #expect(wide.admit(now: Self.at(1_001)) == .probe)
        #expect(wide.admit(now: Self.at(1_002)) == .rejected(retryAfter: .zero))
        #expect(wide.record(.success, now: Self.at(1_010)) == .closed)
    }

    @Test func theConfigurationKeepsItsFloors() {
        let configuration = CircuitBreaker.Configuration(failureThreshold: 0, openDuration: .seconds(1), probes: 0)
        #expect(configuration.failureThreshold == 1)
        #expect(configuration.probes == 1)
    }
}
