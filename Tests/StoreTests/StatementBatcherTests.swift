import Store
import Synchronization
import Testing

/// Group commit as scripts of events: which inputs share a batch, and what
/// a failing batch does to its callers. No database: the batch is a closure.
@Suite("Statement batcher")
struct StatementBatcherTests {
    /// Records the batches it runs; the first one waits until `release()`.
    final class Recorder: Sendable {
        let batches = Mutex<[[Int]]>([])
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)

        func run(_ inputs: [Int]) async -> [Result<Int, any Error>] {
            let isFirst = batches.withLock { batches in
                batches.append(inputs)
                return batches.count == 1
            }
            if isFirst {
                await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } }
            }
            return inputs.map { .success($0 * 10) }
        }

        /// Whether the first batch is running and held.
        var holding: Bool { gate.withLock { $0 != nil } }

        func release() { gate.withLock { $0 }?.resume() }
    }

    struct Refused: Error, Equatable {
        var input: Int
    }

    @Test("inputs that arrive while a batch runs share the next one; a lone input runs at once")
    func batching() async throws {
        let recorder = Recorder()
        let batcher = StatementBatcher<Int, Int>(maxBatch: 4) { await recorder.run($0) }
        async let first = batcher.submit(1)
        // Wait until the first batch runs, then queue six more behind it.
        for _ in 0..<500 where !recorder.holding { try await Task.sleep(for: .milliseconds(10)) }
        #expect(recorder.holding)
        let others = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for input in 2...7 { group.addTask { try await batcher.submit(input) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }.sorted()
            }
        }
        for _ in 0..<500 where batcher.pendingCount < 6 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(batcher.pendingCount == 6)
        recorder.release()
        #expect(try await first == 10)
        #expect(try await others.value == [20, 30, 40, 50, 60, 70])
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.first == [1])
        #expect(batches.dropFirst().map(\.count) == [4, 2], "six waiting inputs in batches of at most 4: \(batches)")
        #expect(batches.flatMap { $0 }.sorted() == Array(1...7))
    }

    @Test("a batch that throws is run again input by input, so only the bad input's caller fails")
    func failingBatch() async throws {
        let runs = Mutex<[[Int]]>([])
        let batcher = StatementBatcher<Int, Int>(maxBatch: 8) { inputs in
            runs.withLock { $0.append(inputs) }
            if inputs.contains(13) { throw Refused(input: 13) }
            return inputs.map { .success($0) }
        }
        let results = await withTaskGroup(of: (Int, Result<Int, Refused>).self) { group in
            for input in [11, 12, 13, 14] {
                group.addTask {
                    do { return (input, .success(try await batcher.submit(input))) } catch let error as Refused {
                        return (input, .failure(error))
                    } catch {
                        return (input, .failure(Refused(input: -1)))
                    }
                }
            }
            return await group.reduce(into: [Int: Result<Int, Refused>]()) { $0[$1.0] = $1.1 }
        }
        #expect(results[11] == .success(11))
        #expect(results[12] == .success(12))
        #expect(results[13] == .failure(Refused(input: 13)))
        #expect(results[14] == .success(14))
        // 13 failed alone: its batch, if it had company, was split.
        let log = runs.withLock { $0 }
        #expect(log.contains([13]))
    }
}
