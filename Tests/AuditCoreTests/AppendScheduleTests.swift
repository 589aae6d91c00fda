import AuditCore
import Testing

/// The append schedule as scripts of events: which inputs go into which
/// batch, in which mode, and when.
@Suite("Append schedule")
struct AppendScheduleTests {
    typealias Batch = AppendSchedule.Batch

    static func run(_ number: UInt64, _ inputs: [UInt64], _ mode: AppendSchedule.Mode) -> AppendSchedule.Action {
        .run(Batch(number: number, inputs: inputs, mode: mode))
    }

    @Test("a lone append starts at once; those arriving meanwhile share the next batch, which overlaps the first")
    func overlap() {
        var schedule = AppendSchedule(maxInFlight: 2, maxBatch: 256)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        #expect(schedule.submitted(2) == [Self.run(2, [2], .pipelined)])
        // Two in flight: the rest wait, then go together.
        #expect(schedule.submitted(3) == [])
        #expect(schedule.submitted(4) == [])
        #expect(schedule.waitingCount == 2)
        #expect(schedule.finished(1, .committed) == [Self.run(3, [3, 4], .pipelined)])
        #expect(schedule.finished(3, .committed) == [])
        #expect(schedule.finished(2, .committed) == [])
        #expect(schedule.runningCount == 0 && schedule.waitingCount == 0)
    }

    @Test("a batch takes at most maxBatch inputs")
    func maxBatch() {
        var schedule = AppendSchedule(maxInFlight: 1, maxBatch: 2)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        for input in UInt64(2)...6 { #expect(schedule.submitted(input) == []) }
        #expect(schedule.finished(1, .committed) == [Self.run(2, [2, 3], .pipelined)])
        #expect(schedule.finished(2, .committed) == [Self.run(3, [4, 5], .pipelined)])
        #expect(schedule.finished(3, .committed) == [Self.run(4, [6], .pipelined)])
    }

    @Test("an erasure waits for the batches in flight, runs alone, and nothing starts beside it")
    func erasureRunsAlone() {
        var schedule = AppendSchedule(maxInFlight: 2, maxBatch: 256)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        #expect(schedule.submitted(2, exclusive: true) == [])
        // Arrived after the erasure: waits behind it, though a pipelined slot is free.
        #expect(schedule.submitted(3) == [])
        #expect(schedule.finished(1, .committed) == [Self.run(2, [2, 3], .exclusive)])
        #expect(schedule.submitted(4) == [])
        #expect(schedule.finished(2, .committed) == [Self.run(3, [4], .pipelined)])
    }

    @Test("a batch that cannot be built from the prediction goes exclusive once the others drain")
    func needsExclusive() {
        var schedule = AppendSchedule(maxInFlight: 2, maxBatch: 256)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        #expect(schedule.submitted(2) == [Self.run(2, [2], .pipelined)])
        #expect(schedule.submitted(3) == [])
        #expect(schedule.finished(2, .needsExclusive) == [])
        // 2 goes before 3, and no pipelined batch takes 3 while 2 waits.
        #expect(schedule.finished(1, .committed) == [Self.run(3, [2, 3], .exclusive)])
        #expect(schedule.finished(3, .committed) == [])
    }

    @Test("a failed pipelined batch and the ones built on it are run again exclusively, in order")
    func pipelinedFailure() {
        var schedule = AppendSchedule(maxInFlight: 3, maxBatch: 256)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        #expect(schedule.submitted(2) == [Self.run(2, [2], .pipelined)])
        #expect(schedule.submitted(3) == [Self.run(3, [3], .pipelined)])
        #expect(schedule.submitted(4) == [])
        #expect(schedule.finished(1, .failed) == [])
        #expect(schedule.submitted(5) == [])
        #expect(schedule.finished(2, .failed) == [])
        #expect(schedule.finished(3, .failed) == [Self.run(4, [1, 2, 3, 4, 5], .exclusive)])
        #expect(schedule.finished(4, .committed) == [])
    }

    @Test("a failed exclusive batch is run again input by input; an input failing alone fails its caller")
    func exclusiveFailure() {
        var schedule = AppendSchedule(maxInFlight: 2, maxBatch: 256)
        #expect(schedule.submitted(1, exclusive: true) == [Self.run(1, [1], .exclusive)])
        #expect(schedule.submitted(2) == [])
        #expect(schedule.submitted(3) == [])
        #expect(schedule.finished(1, .committed) == [Self.run(2, [2, 3], .pipelined)])
        #expect(schedule.finished(2, .failed) == [Self.run(3, [2, 3], .exclusive)])
        #expect(schedule.finished(3, .failed) == [Self.run(4, [2], .exclusive)])
        #expect(schedule.submitted(4) == [])
        #expect(schedule.finished(4, .failed) == [.fail(2), Self.run(5, [3], .exclusive)])
        #expect(schedule.finished(5, .committed) == [Self.run(6, [4], .pipelined)])
        #expect(schedule.finished(6, .committed) == [])
        #expect(schedule.runningCount == 0 && schedule.waitingCount == 0)
    }

    @Test("a lone exclusive input that fails fails its caller at once")
    func loneExclusiveFailure() {
        var schedule = AppendSchedule(maxInFlight: 2, maxBatch: 256)
        #expect(schedule.submitted(7, exclusive: true) == [Self.run(1, [7], .exclusive)])
        #expect(schedule.finished(1, .failed) == [.fail(7)])
        #expect(schedule.runningCount == 0 && schedule.waitingCount == 0)
    }
}
