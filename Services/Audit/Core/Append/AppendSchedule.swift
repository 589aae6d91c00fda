/// Which Appends go into which batch, and when a batch may start: group
/// commit with batches that overlap.
///
/// Two kinds of batch:
/// - **pipelined**: built on the tree the service predicts from the batches
///   before it (committed or still in flight) and written in one round trip
///   that commits only if the log's head is still exactly the predicted one.
///   Up to `maxInFlight` run at once, so while one waits for its commit to be
///   flushed the next is already at the server, waiting on the head's lock.
/// - **exclusive**: locks the head, reads what the log holds (keys appended
///   before, sealing keys, the tree's right edge) and rebuilds the
///   prediction. It runs alone: it starts once every batch in flight has
///   finished, and none starts beside it.
///
/// An input goes to an exclusive batch when it asks to (an erasure), when
/// its pipelined batch could not be built from the prediction (a tenant or a
/// customer the service has not seen) or when its pipelined batch failed (a
/// retried idempotency key, a head moved by another replica, or a batch
/// before it that failed, so the prediction was wrong). While such inputs
/// wait, no pipelined batch starts. An exclusive batch that fails is run
/// again input by input, so that one bad input fails only its own caller.
///
/// **Gathering** (`gathers`): with one batch in flight, the callers a batch
/// answers cannot be in the batch that starts as it ends, so steady callers
/// split into two halves that take turns, each batch holding half of them.
/// So when a batch commits, the next pipelined one starts only once as many
/// inputs wait as there were callers about (the batch's inputs and those
/// that waited behind it): the answered callers come back within a round
/// trip, and then all share one transaction, one tree update and one
/// signature. A ``Action/hold(_:)`` bounds the wait: the caller reports
/// ``holdExpired(_:)`` after a short time, and the batch starts with what
/// waits. A lone caller never waits: it is all the callers there were.
///
/// Inputs are numbered by the caller; the schedule never sees their content.
public struct AppendSchedule: Sendable {
    /// How a batch runs.
    public enum Mode: Sendable, Equatable {
        /// On the predicted tree, in one round trip, beside others.
        case pipelined
        /// Under the head's lock, reading the log, alone.
        case exclusive
    }

    /// A batch to run: its number (to report its outcome), its inputs in order, its mode.
    public struct Batch: Sendable, Equatable {
        /// Names the batch in ``AppendSchedule/finished(_:_:)``.
        public let number: UInt64
        /// The inputs, in the order they go into the log.
        public let inputs: [UInt64]
        /// How it runs.
        public let mode: Mode

        /// Creates a batch.
        public init(number: UInt64, inputs: [UInt64], mode: Mode) {
            self.number = number
            self.inputs = inputs
            self.mode = mode
        }
    }

    /// How a batch ended.
    public enum Outcome: Sendable, Equatable {
        /// Committed: every input is answered.
        case committed
        /// A pipelined batch that could not be built from the prediction; nothing was sent.
        case needsExclusive
        /// The transaction failed; nothing of the batch was written.
        case failed
    }

    /// What the caller does next.
    public enum Action: Sendable, Equatable {
        /// Run this batch, then report its outcome.
        case run(Batch)
        /// Fail this input with the error its last batch (run on its own) ended with.
        case fail(UInt64)
        /// Report ``AppendSchedule/holdExpired(_:)`` with this number after the gathering wait.
        case hold(UInt64)
    }

    private enum Need: Equatable {
        /// Any batch.
        case any
        /// An exclusive batch.
        case exclusive
        /// An exclusive batch of its own.
        case alone
    }

    private struct Waiting {
        var input: UInt64
        var need: Need
    }

    /// The most batches in flight at once.
    public let maxInFlight: Int
    /// The most inputs in one batch.
    public let maxBatch: Int
    /// Whether a pipelined batch waits (within a hold) for the callers the last one answered.
    public let gathers: Bool
    private var queue: [Waiting] = []
    private var running: [UInt64: Batch] = [:]
    private var nextNumber: UInt64 = 1
    /// Gathering: the inputs the next pipelined batch waits for (0: none).
    private var gatherTarget = 0
    /// Gathering: the hold in force, if any.
    private var hold: UInt64?
    private var nextHold: UInt64 = 1

    /// A schedule with nothing waiting.
    public init(maxInFlight: Int, maxBatch: Int, gathers: Bool = false) {
        precondition(maxInFlight > 0 && maxBatch > 0)
        self.maxInFlight = maxInFlight
        self.maxBatch = maxBatch
        self.gathers = gathers
    }

    /// Inputs waiting for a batch.
    public var waitingCount: Int { queue.count }
    /// Batches in flight.
    public var runningCount: Int { running.count }

    /// An Append arrived; `exclusive` for one that must run under the head's lock (an erasure).
    public mutating func submitted(_ input: UInt64, exclusive: Bool = false) -> [Action] {
        queue.append(Waiting(input: input, need: exclusive ? .exclusive : .any))
        return start()
    }

    /// Batch `number` ended with `outcome`.
    public mutating func finished(_ number: UInt64, _ outcome: Outcome) -> [Action] {
        guard let batch = running.removeValue(forKey: number) else {
            preconditionFailure("batch \(number) is not running")
        }
        var actions: [Action] = []
        switch (outcome, batch.mode) {
        case (.committed, _):
            if gathers && running.isEmpty {
                gatherTarget = min(maxBatch, batch.inputs.count + queue.count)
            }
        case (.needsExclusive, _), (.failed, .pipelined):
            // After the exclusive inputs already waiting, before everything else: no pipelined batch passes them.
            let at = queue.firstIndex { $0.need == .any } ?? queue.count
            queue.insert(contentsOf: batch.inputs.map { Waiting(input: $0, need: .exclusive) }, at: at)
        case (.failed, .exclusive):
            if batch.inputs.count == 1 {
                actions.append(.fail(batch.inputs[0]))
            } else {
                queue.insert(contentsOf: batch.inputs.map { Waiting(input: $0, need: .alone) }, at: 0)
            }
        }
        return actions + start()
    }

    /// The gathering wait of hold `number` is over: the next batch starts with what waits.
    public mutating func holdExpired(_ number: UInt64) -> [Action] {
        guard hold == number else { return [] }
        hold = nil
        gatherTarget = 0
        return start()
    }

    private mutating func start() -> [Action] {
        var actions: [Action] = []
        while let first = queue.first, !running.values.contains(where: { $0.mode == .exclusive }) {
            let count: Int
            let mode: Mode
            switch first.need {
            case .any:
                guard running.count < maxInFlight else { return actions }
                count = queue.prefix(maxBatch).prefix { $0.need == .any }.count
                if running.isEmpty && count < gatherTarget {
                    if hold == nil {
                        hold = nextHold
                        nextHold += 1
                        actions.append(.hold(hold!))
                    }
                    return actions
                }
                hold = nil
                gatherTarget = 0
                mode = .pipelined
            case .exclusive, .alone:
                guard running.isEmpty else { return actions }
                count = first.need == .alone ? 1 : queue.prefix(maxBatch).prefix { $0.need != .alone }.count
                mode = .exclusive
            }
            let batch = Batch(number: nextNumber, inputs: queue.prefix(count).map(\.input), mode: mode)
            queue.removeFirst(count)
            nextNumber += 1
            running[batch.number] = batch
            actions.append(.run(batch))
        }
        return actions
    }
}
