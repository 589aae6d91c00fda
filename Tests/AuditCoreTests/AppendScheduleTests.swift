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

    @Test("gathering: after a commit the next batch waits for the callers it answered, so the two halves of the callers share one batch")
    func gathersTheAnsweredCallers() {
        var schedule = AppendSchedule(maxInFlight: 1, maxBatch: 256, gathers: true)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        #expect(schedule.submitted(2) == [])
        #expect(schedule.submitted(3) == [])
        // Three callers about: 1 (answered now) and 2, 3 (waiting). 2 and 3 wait for 1 to come back.
        #expect(schedule.finished(1, .committed) == [.hold(1)])
        #expect(schedule.waitingCount == 2 && schedule.runningCount == 0)
        #expect(schedule.submitted(4) == [Self.run(2, [2, 3, 4], .pipelined)])
        // The hold ended with the batch: its timer changes nothing.
        #expect(schedule.holdExpired(1) == [])
        #expect(schedule.runningCount == 1)
    }

    @Test("gathering: a hold that expires starts the batch with what waits, and the next target is what was about")
    func holdExpires() {
        var schedule = AppendSchedule(maxInFlight: 1, maxBatch: 256, gathers: true)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        #expect(schedule.submitted(2) == [])
        #expect(schedule.finished(1, .committed) == [.hold(1)])
        // Caller 1 went away: the hold's end starts 2 alone.
        #expect(schedule.holdExpired(1) == [Self.run(2, [2], .pipelined)])
        // Nobody waited behind it: one caller about, who starts at once when back.
        #expect(schedule.finished(2, .committed) == [])
        #expect(schedule.submitted(3) == [Self.run(3, [3], .pipelined)])
    }

    @Test("gathering: a lone caller never waits, and a stale hold number is ignored")
    func loneCallerNeverWaits() {
        var schedule = AppendSchedule(maxInFlight: 1, maxBatch: 256, gathers: true)
        for input in UInt64(1)...3 {
            #expect(schedule.submitted(input) == [Self.run(input, [input], .pipelined)])
            #expect(schedule.finished(input, .committed) == [])
        }
        #expect(schedule.holdExpired(7) == [])
        #expect(schedule.runningCount == 0 && schedule.waitingCount == 0)
    }

    @Test("gathering: the wait is capped at maxBatch, and an erasure at the head of the queue never waits")
    func gatheringCapsAndExclusive() {
        var schedule = AppendSchedule(maxInFlight: 1, maxBatch: 2, gathers: true)
        #expect(schedule.submitted(1) == [Self.run(1, [1], .pipelined)])
        #expect(schedule.submitted(2) == [])
        #expect(schedule.submitted(3) == [])
        // Target min(2, 1 + 2) = 2: 2 and 3 already make a full batch.
        #expect(schedule.finished(1, .committed) == [Self.run(2, [2, 3], .pipelined)])
        #expect(schedule.submitted(4, exclusive: true) == [])
        #expect(schedule.finished(2, .committed) == [Self.run(3, [4], .exclusive)])
    }
}
