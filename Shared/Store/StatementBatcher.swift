import Synchronization

/// Group commit done by the application: concurrent callers each ``submit(_:)``
/// one input and await its output, and the inputs that arrive while a batch
/// runs go together into the next one, one statement and one commit for all.
///
/// Nothing waits on a timer: a lone caller's batch starts at once, so a quiet
/// service pays no latency for it; under load each batch serves everyone who
/// came while the previous one ran.
///
/// `run` returns one result per input, in order. When it throws (a constraint
/// one input broke, a lost connection), every input of the batch is run again
/// on its own, so that one bad input fails only its own caller.
public final class StatementBatcher<Input: Sendable, Output: Sendable>: Sendable {
    /// Runs a batch: one result per input, in order.
    public typealias Run = @Sendable ([Input]) async throws -> [Result<Output, any Error>]

    private struct Waiter: Sendable {
        var input: Input
        var continuation: CheckedContinuation<Output, any Error>
    }

    private struct State: Sendable {
        var pending: [Waiter] = []
        var running = false
    }

    /// The most inputs in one batch.
    public let maxBatch: Int
    private let run: Run
    private let executor: (any TaskExecutor)?
    private let state = Mutex(State())

    /// Creates a batcher around `run`; one batch runs at a time. The task
    /// that runs the batches prefers `executor` when one is given (one of a
    /// ``PostgresPool/executors``: its round trips then go out and resume on
    /// that thread, instead of hopping there and back from the global one).
    public init(maxBatch: Int = 128, executor: (any TaskExecutor)? = nil, run: @escaping Run) {
        precondition(maxBatch > 0)
        self.maxBatch = maxBatch
        self.executor = executor
        self.run = run
    }

    /// How many inputs wait for the next batch.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Runs `input` in the next batch and returns its output.
    public func submit(_ input: Input) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startsRunner = state.withLock { state -> Bool in
                state.pending.append(Waiter(input: input, continuation: continuation))
                guard !state.running else { return false }
                state.running = true
                return true
            }
            if startsRunner { Task(executorPreference: executor) { await self.runBatches() } }
        }
    }

    private func runBatches() async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                guard !state.pending.isEmpty else {
                    state.running = false
                    return []
                }
                let count = min(maxBatch, state.pending.count)
                defer { state.pending.removeFirst(count) }
                return Array(state.pending.prefix(count))
            }
            guard !batch.isEmpty else { return }
            await execute(batch)
        }
    }

    private func execute(_ batch: [Waiter]) async {
        do {
            let results = try await run(batch.map(\.input))
            precondition(results.count == batch.count, "a batch must return one result per input")
            for (waiter, result) in zip(batch, results) { waiter.continuation.resume(with: result) }
        } catch {
            guard batch.count > 1 else {
                batch[0].continuation.resume(throwing: error)
                return
            }
            for waiter in batch {
                do {
                    let results = try await run([waiter.input])
                    precondition(results.count == 1, "a batch must return one result per input")
                    waiter.continuation.resume(with: results[0])
                } catch {
                    waiter.continuation.resume(throwing: error)
                }
            }
        }
    }
}
