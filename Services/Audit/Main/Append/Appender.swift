import AuditCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import Store
import Synchronization
import Wire

/// Appends records with group commit, one batch at a time: the Appends
/// that arrive while a batch runs share the next one, one transaction, one
/// tree update and one signed checkpoint per tenant. An Append returns only
/// after its transaction commits, with the checkpoint that covers its entry.
///
/// `AppendSchedule` (AuditCore) decides which inputs go into which batch and
/// when; this runs its actions. A pipelined batch is built from each
/// tenant's `PredictedTree` (the head the batch before it left), outside the
/// lock (so Appends arriving meanwhile never wait on the entries being sealed
/// and the checkpoint signed), and written in one round trip whose first
/// statement fails unless the head is still the predicted one
/// (`audit.move_head`); the predictions advance once it committed. An
/// exclusive batch locks the heads and reads the logs (`Appender+Exclusive`),
/// and leaves fresh predictions behind. Batches run on a Postgres IO thread;
/// after a commit the next one gathers the callers just answered, for at
/// most `gatherWait` (the schedule's holds).
///
/// An erasure (EraseCustomer) is an input too, always exclusive: its entry
/// goes after the batch's other new entries of the tenant, and in the same
/// transaction the customer's sealing keys are deleted, so every entry about
/// the customer before the erasure entry becomes unreadable and none after it does.
/// A retention change (SetRetention) is one too: the tenant's retention is
/// stored in the transaction that appends its entry.
///
/// A sealing key covers one owner and one month of record_time
/// (`SealingScope`): a batch seals under the keys of its record time's month.
final class Appender: Sendable {
    /// One Append, validated.
    struct Input: Sendable {
        var record: AuditV1.AuditRecord
        var idempotencyKey: String
        /// Set for EraseCustomer: the customer's pseudonym, whose keys go.
        var erases: String? = nil
        /// Set for SetRetention: the tenant's new retention.
        var setsRetention: RetentionChange? = nil
        /// The pseudonym of the customer whose key seals its details ("" for none; nil for a record without
        /// details), computed once by `submit` (each is an HMAC) for the batch that seals it.
        var sealingOwner: String? = nil

        /// Whether it runs in an exclusive batch (it deletes keys or changes the tenant's settings).
        var runsAlone: Bool { erases != nil || setsRetention != nil }
    }

    /// A tenant's new retention.
    struct RetentionChange: Sendable {
        /// Seconds after the end of a month; nil: kept forever.
        var seconds: Int64?
    }

    /// The answer to one input.
    struct Output: Sendable {
        var response: AuditV1.AppendResponse
        /// For an erasure that was not a retry: what it deleted.
        var erasure: Erasure?
    }

    /// What an erasure deleted.
    struct Erasure: Sendable {
        /// Versions of the customer's sealing key deleted.
        var keyVersionsDeleted: [UInt32]
        /// Entries sealed under them.
        var entriesMadeUnreadable: UInt64
    }

    /// A batch ready to run.
    private enum Work: Sendable {
        /// To build on its tenants' predictions as they were when it started.
        case pipelined([Input], trees: [String: PredictedTree])
        /// To run under the heads' locks.
        case exclusive([Input])
    }

    /// A pipelined batch, built: the head moves, then the writes, of one transaction; the answers, the
    /// checkpoints, and the trees it grows.
    private struct Pipelined: Sendable {
        var headMoves: [PostgresQuery] = []
        var writes: [PostgresQuery] = []
        var outputs: [Output] = []
        var checkpoints: [(tenant: String, checkpoint: LogStore.StoredCheckpoint)] = []
        var grown: [String: Grown] = [:]
    }

    /// What a committed pipelined batch did to one tenant's prediction.
    private struct Grown: Sendable {
        /// The head and right edge after the batch.
        var tree: PredictedTree
        /// The keys made ahead that the batch stored.
        var storedKeys: [SealingScope]
    }

    private struct Waiter: Sendable {
        var input: Input
        var continuation: CheckedContinuation<Output, any Error>
        /// What the input's last failed batch threw.
        var error: (any Error)?
    }

    private struct State: Sendable {
        var schedule: AppendSchedule
        var waiters: [UInt64: Waiter] = [:]
        var nextInput: UInt64 = 0
        var trees: [String: PredictedTree] = [:]
        /// Moves whenever keys may have been deleted or forgotten (an exclusive batch, a dropped
        /// prediction): a key looked up before it moved is not kept, so an erased key never comes back.
        var keyEpoch: UInt64 = 0
        /// The event loop the latest Append came from: holds are timed there, where the answers that end them early
        /// arrive (scheduling and cancelling on it costs no thread a wake-up).
        var callersLoop: (any EventLoop)?
        /// The timer of the hold in force, cancelled when a batch starts before it fires.
        var holdTimer: Scheduled<Void>?
    }

    let pool: PostgresPool
    let log: LogStore
    let keys: SealingKeyStore
    let retention: RetentionStore
    let settings: AuditSettings
    let sink: CheckpointSink?
    let logger: Logger
    private let state: Mutex<State>
    /// Where batches run: one of the pool's Postgres IO threads.
    private let batchExecutor: any TaskExecutor

    /// Batches in flight at once. One: a second batch started while the first commits holds only what arrived
    /// meanwhile, and on a CPU-bound host the extra batches cost more than the overlap saves (audit_bench, 2 cores,
    /// 16 callers: two in flight gave 4.8 appends per batch and 144-176 µs of service CPU per append, one 7.4 and
    /// 102-106 µs, with more appends per second and a lower p99).
    static let maxInFlight = 1
    /// The most inputs in one batch.
    static let maxBatch = 256
    /// How long the next batch waits at most for the callers the last one answered (`AppendSchedule`'s gathering):
    /// a few of a caller's round trips between two appends, less than a commit. audit_bench, 2 busy cores, 16 callers:
    /// 0.25 ms gave 9-10 appends per batch, 0.5 ms 12-13, 1 ms 13-16 (without gathering 7-8), with less CPU per append.
    static let gatherWait = Duration.milliseconds(1)

    init(pool: PostgresPool, settings: AuditSettings, sink: CheckpointSink?, logger: Logger) {
        self.pool = pool
        log = LogStore(pool: pool)
        keys = SealingKeyStore(pool: pool)
        retention = RetentionStore(pool: pool)
        self.settings = settings
        self.sink = sink
        self.logger = logger
        batchExecutor = pool.executors[0]
        state = Mutex(State(schedule: AppendSchedule(maxInFlight: Self.maxInFlight, maxBatch: Self.maxBatch, gathers: true)))
    }

    /// Appends `input`; returns once it is durable and covered by a signed checkpoint.
    func append(_ input: Input) async throws -> AuditV1.AppendResponse {
        try await submit(input).response
    }

    /// Appends an erasure of `input.erases`; returns with what it deleted.
    func erase(_ input: Input) async throws -> Output {
        precondition(input.erases != nil)
        return try await submit(input)
    }

    private func submit(_ input: Input) async throws -> Output {
        var input = input
        // Pseudonyms computed here, on the caller's task, not in the batch (which every caller waits for).
        let builder = EntryBuilder(pseudonymizer: settings.pseudonymizer(for: input.record.tenantID))
        input.record = builder.withStoredSubjects(input.record)
        input.sealingOwner = builder.sealingOwner(of: input.record)
        if !input.runsAlone { await lookUpSealingKey(for: input) }
        let period = SealingPeriod(containing: settings.now())
        return try await withCheckedThrowingContinuation { continuation in
            let launches = state.withLock { state in
                let id = state.nextInput
                state.nextInput += 1
                state.waiters[id] = Waiter(input: input, continuation: continuation)
                if let loop = MultiThreadedEventLoopGroup.currentEventLoop, loop !== state.callersLoop { state.callersLoop = loop }
                return Self.perform(state.schedule.submitted(id, exclusive: input.runsAlone), &state, period: period)
            }
            launch(launches)
        }
    }

    /// Adds the sealing key of `input`'s customer for this month to its
    /// tenant's prediction when missing: the stored key, or a new one (of the
    /// version the next key of the customer gets) that the first batch
    /// sealing with it stores.
    /// Without it the input's batch would go exclusive. Read outside any
    /// transaction: an erasure that deletes the key meanwhile moves the head
    /// (so a batch built on the key fails) and the key epoch (so it is not kept).
    private func lookUpSealingKey(for input: Input) async {
        let tenant = input.record.tenantID
        guard let owner = input.sealingOwner else { return }
        let scope = SealingScope(owner: owner, period: SealingPeriod(containing: settings.now()))
        let epoch = state.withLock { state -> UInt64? in
            guard let tree = state.trees[tenant], tree.keys[scope] == nil, tree.keys.count < PredictedTree.maxKeys else { return nil }
            return state.keyEpoch
        }
        guard let epoch else { return }
        do {
            let key: SealingKey
            if let stored = try await keys.keys(tenant: tenant, owners: [owner], period: scope.period)[owner] {
                key = SealingKey(version: stored.version, key: try SealingKeys.unwrap(stored, tenant: tenant, owner: owner, settings: settings))
            } else {
                let version = try await keys.nextVersions(tenant: tenant, owners: [owner])[owner] ?? 1
                let made = try SealingKeys.make(tenant: tenant, owner: owner, period: scope.period, version: version, settings: settings)
                key = SealingKey(version: version, key: made.key, unstored: made.wrapped)
            }
            state.withLock { state in
                guard state.keyEpoch == epoch, state.trees[tenant]?.keys[scope] == nil else { return }
                state.trees[tenant]?.keys[scope] = key
            }
        } catch {
            // The input's batch goes exclusive and reads the key under the head's lock.
            logger.debug("sealing key look-up failed", metadata: ["error": "\(error)"])
        }
    }

    /// The predicted trees of `tenants` (an exclusive batch compares them with the heads it reads).
    func predictions(of tenants: [String]) -> [String: PredictedTree] {
        state.withLock { state in tenants.reduce(into: [:]) { $0[$1] = state.trees[$1] } }
    }

    /// Makes `trees` the predictions, once the exclusive batch that read and grew them committed.
    func predict(_ trees: [(tenant: String, tree: PredictedTree)]) {
        state.withLock { state in
            for (tenant, tree) in trees { state.trees[tenant] = tree }
            state.keyEpoch += 1
        }
    }

    /// What to do outside the lock: batches to run, callers to fail, gathering holds to time.
    private struct Launches: Sendable {
        var batches: [(number: UInt64, inputs: [UInt64], work: Work)] = []
        var failures: [Waiter] = []
        var holds: [UInt64] = []
    }

    /// Runs the schedule's actions under the lock; a pipelined batch takes its tenants' predictions along, with
    /// the sealing keys of `period` its inputs need (a batch built in another month finds none and goes exclusive).
    private static func perform(_ actions: [AppendSchedule.Action], _ state: inout State, period: SealingPeriod) -> Launches {
        var launches = Launches()
        for action in actions {
            switch action {
            case .fail(let id):
                launches.failures.append(state.waiters.removeValue(forKey: id)!)
            case .hold(let number):
                launches.holds.append(number)
            case .run(let batch):
                let inputs = batch.inputs.map { state.waiters[$0]!.input }
                switch batch.mode {
                case .exclusive:
                    launches.batches.append((batch.number, batch.inputs, .exclusive(inputs)))
                case .pipelined:
                    // Only the keys the batch seals with: the whole key set, shared with the batch, would be copied
                    // by the first key added while it runs (up to `PredictedTree.maxKeys` per tenant).
                    var scopes: [String: Set<SealingScope>] = [:]
                    for input in inputs {
                        scopes[input.record.tenantID, default: []].formUnion(input.sealingOwner.map { [SealingScope(owner: $0, period: period)] } ?? [])
                    }
                    let trees = scopes.reduce(into: [String: PredictedTree]()) { $0[$1.key] = state.trees[$1.key]?.keeping($1.value) }
                    launches.batches.append((batch.number, batch.inputs, .pipelined(inputs, trees: trees)))
                }
            }
        }
        return launches
    }

    private func launch(_ launches: Launches) {
        for waiter in launches.failures {
            waiter.continuation.resume(throwing: waiter.error ?? AuditFailure(.inconsistent, "an append failed without an error"))
        }
        if !launches.batches.isEmpty, let timer = state.withLock({ state in defer { state.holdTimer = nil }; return state.holdTimer }) {
            // A batch started: the hold in force (if any) is over.
            timer.cancel()
        }
        for batch in launches.batches {
            // On a Postgres IO thread: its statements go out and its commit resumes it there, with no hop to the
            // global pool and back (two thread wake-ups a batch fewer).
            Task(executorPreference: batchExecutor) { await self.run(batch.number, batch.inputs, batch.work) }
        }
        for hold in launches.holds {
            // On the loop the callers' Appends arrive on, not a sleeping task on the global pool (a task, a
            // dispatch timer and two thread wake-ups a batch): the answers that end the hold early get there
            // anyway, and cancel it there.
            let loop = state.withLock { $0.callersLoop } ?? MultiThreadedEventLoopGroup.singleton.any()
            let timer = loop.scheduleTask(in: TimeAmount(Self.gatherWait)) {
                let period = SealingPeriod(containing: self.settings.now())
                self.launch(self.state.withLock { state in Self.perform(state.schedule.holdExpired(hold), &state, period: period) })
            }
            state.withLock { $0.holdTimer = timer }
        }
    }

    /// How a batch ended.
    private enum Ending {
        /// Committed: the answers, the checkpoints to write out, the pipelined trees grown.
        case committed([Output], [(tenant: String, checkpoint: LogStore.StoredCheckpoint)], grown: [String: Grown])
        /// A pipelined batch the predictions could not build; nothing was sent.
        case needsExclusive
        /// Nothing of it was written.
        case failed(any Error)
    }

    private func run(_ number: UInt64, _ ids: [UInt64], _ work: Work) async {
        let ending: Ending
        do {
            switch work {
            case .pipelined(let inputs, let trees):
                if let batch = Self.buildPipelined(inputs, trees: trees, settings: settings) {
                    try await runPipelined(batch)
                    ending = .committed(batch.outputs, batch.checkpoints, grown: batch.grown)
                } else {
                    ending = .needsExclusive
                }
            case .exclusive(let inputs):
                let (outputs, checkpoints) = try await appendExclusive(inputs)
                ending = .committed(outputs, checkpoints, grown: [:])
            }
        } catch {
            ending = .failed(error)
        }
        if case .committed(_, let checkpoints, _) = ending, let sink {
            // Out of the database only once committed: a checkpoint file is never one that could roll back.
            // On the global pool: the files are fsynced, which must not stall the Postgres IO thread.
            await withTaskExecutorPreference(globalConcurrentExecutor) {
                for (tenant, checkpoint) in checkpoints { sink.write(checkpoint, tenant: tenant) }
            }
        }
        var answered: [(Waiter, Output)] = []
        let period = SealingPeriod(containing: settings.now())
        let launches = state.withLock { state in
            let result: AppendSchedule.Outcome
            switch ending {
            case .committed(let outputs, _, let grown):
                for (id, output) in zip(ids, outputs) { answered.append((state.waiters.removeValue(forKey: id)!, output)) }
                for (tenant, tree) in grown { Self.advance(&state.trees[tenant], to: tree) }
                result = .committed
            case .needsExclusive:
                result = .needsExclusive
            case .failed(let error):
                for id in ids { state.waiters[id]!.error = error }
                // The predictions this batch was built on are wrong now.
                for id in ids { state.trees[state.waiters[id]!.input.record.tenantID] = nil }
                state.keyEpoch += 1
                result = .failed
                if case .pipelined = work {
                    logger.debug("a pipelined append batch failed; its inputs go exclusive", metadata: ["error": "\(error)"])
                }
            }
            return Self.perform(state.schedule.finished(number, result), &state, period: period)
        }
        for (waiter, output) in answered { waiter.continuation.resume(returning: output) }
        launch(launches)
    }

    /// Moves a prediction to the head and right edge a committed pipelined batch grew it to, keeping the
    /// sealing keys looked up while the batch ran; those the batch stored are no longer to store. Touches only
    /// the batch's keys: walking all of a tenant's keys cost more than the rest of the batch (audit_bench, 500 customers).
    private static func advance(_ prediction: inout PredictedTree?, to grown: Grown) {
        guard prediction != nil else { return }
        prediction!.head = grown.tree.head
        prediction!.edge = grown.tree.edge
        for scope in grown.storedKeys { prediction!.keys[scope]?.unstored = nil }
    }

    /// Runs a pipelined batch in one round trip on one connection: BEGIN, the head moves, the writes and COMMIT.
    private func runPipelined(_ batch: Pipelined) async throws {
        _ = try await pool.pipelinedTransaction(batch.headMoves + batch.writes)
    }

    /// A pipelined batch built on the predicted `trees`, or nil when a tenant
    /// or a sealing key is not predicted (the batch goes exclusive).
    /// Keys appended before are not looked for: the entries' unique key index
    /// fails the transaction, and the exclusive batch answers the retry.
    private static func buildPipelined(_ inputs: [Input], trees: [String: PredictedTree], settings: AuditSettings) -> Pipelined? {
        var outputs = [Output?](repeating: nil, count: inputs.count)
        var built = Pipelined()
        let recordTime = settings.now()
        let period = SealingPeriod(containing: recordTime)
        // Tenants in a fixed order, so two batches never wait on each other's heads.
        for tenant in Set(inputs.map(\.record.tenantID)).sorted() {
            guard let tree = trees[tenant] else { return nil }
            let positions = inputs.indices.filter { inputs[$0].record.tenantID == tenant }
            let fresh = firstOfEachKey(positions.map { inputs[$0] })
            guard fresh.allSatisfy({ input in
                input.sealingOwner.map { tree.keys[SealingScope(owner: $0, period: period)] != nil } ?? true
            }) else {
                return nil
            }
            guard let growth = try? TreeGrowth(tenant: tenant, fresh: fresh, on: tree, keys: tree.keys, settings: settings,
                                               recordTime: recordTime) else { return nil }
            built.headMoves.append(growth.headMove)
            built.writes += growth.writes
            built.checkpoints.append((tenant, growth.checkpoint))
            built.grown[tenant] = Grown(tree: growth.tree, storedKeys: growth.storedKeys)
            let signed = SignedCheckpoints.message(growth.checkpoint, origin: settings.origin(of: tenant))
            var answered = Set<String>()
            for position in positions {
                let key = inputs[position].idempotencyKey
                let leaf = growth.leaves[key]!
                outputs[position] = Output(response: response(index: leaf.index, leafHash: leaf.leafHash.bytes, recordTime: recordTime,
                                                              duplicate: !answered.insert(key).inserted, checkpoint: signed),
                                           erasure: nil)
            }
        }
        built.outputs = outputs.map { $0! }
        return built
    }

    /// New records in arrival order; a key repeated within the batch is appended once.
    /// Erasures last, so every new entry about an erased customer in the batch is covered by the erasure.
    static func firstOfEachKey(_ inputs: [Input], except existing: Set<String> = []) -> [Input] {
        var fresh: [Input] = []
        var freshKeys = existing
        for input in inputs where freshKeys.insert(input.idempotencyKey).inserted {
            fresh.append(input)
        }
        return fresh.filter { $0.erases == nil } + fresh.filter { $0.erases != nil }
    }

    static func response(index: UInt64, leafHash: [UInt8], recordTime: Date, duplicate: Bool,
                         checkpoint: AuditV1.SignedCheckpoint) -> AuditV1.AppendResponse {
        .with {
            $0.index = index
            $0.leafHash = leafHash
            $0.hashPrefix = leafHash.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
            $0.recordTime = .init(date: recordTime)
            $0.duplicate = duplicate
            $0.checkpoint = checkpoint
        }
    }
}
