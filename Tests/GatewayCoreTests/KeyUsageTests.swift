import Foundation
import GatewayCore
import Testing

/// Last-used times gathered and written in batches.
@Suite("Key usage")
struct KeyUsageTests {
    @Test("uses are gathered per key, the latest kept, and taken at most once per interval")
    func batching() {
        var usage = KeyUsage(flushEvery: .seconds(10))
        let start = ContinuousClock.now
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(usage.takeDue(now: start).isEmpty)
        usage.record("aaaa", at: t)
        usage.record("aaaa", at: t + 3)
        usage.record("aaaa", at: t + 1)
        usage.record("bbbb", at: t + 2)
        // The first take opened a 10 s interval: nothing before its end.
        #expect(usage.takeDue(now: start + .seconds(9)).isEmpty)
        #expect(usage.takeDue(now: start + .seconds(10)) == ["aaaa": t + 3, "bbbb": t + 2])
        #expect(usage.pending.isEmpty)
        usage.record("cccc", at: t + 11)
        #expect(usage.takeDue(now: start + .seconds(15)).isEmpty)
        #expect(usage.takeDue(now: start + .seconds(20)) == ["cccc": t + 11])
    }

    @Test("a failed write's times come back, merged with newer uses")
    func restore() {
        var usage = KeyUsage(flushEvery: .seconds(10))
        let start = ContinuousClock.now
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        usage.record("aaaa", at: t)
        usage.record("bbbb", at: t)
        let batch = usage.takeDue(now: start)
        usage.record("aaaa", at: t + 5)
        usage.restore(batch)
        #expect(usage.pending == ["aaaa": t + 5, "bbbb": t])
    }
}
