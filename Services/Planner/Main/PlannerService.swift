import API
import Foundation
import Logging
import PlannerCore
import RPC
import ServiceKit
import Store
import Synchronization
import Wire

/// `baton.planner.v1.Planner`: the bots' entry point. Every decision is
/// PlannerCore's (the tenant's compiled policy and `TurnDecider`); this type
/// gathers the facts (signals, the connector's look-ups, the stored
/// conversation), runs the actions through the typed stores and the other
/// services, and maps failures to statuses.
final class PlannerService: PlannerV1.PlannerService {
    let stores: PlannerStores
    let logger: Logger
    let peers: PlannerPeers
    let settings: PlannerSettings
    let work: PendingWorkRunner
    /// Compiled policies by tenant and version: versions never change, so
    /// an entry never goes stale.
    let compiled = Mutex<[String: CompiledPolicy]>([:])
    /// Trigger names signals can report, for publish-time warnings.
    let knownTriggerNames: Set<String>
    /// Rollouts by tenant with when they were read: an activation on
    /// another replica takes effect here within `rolloutLifetime` (and the
    /// time one read takes).
    let rollouts = Mutex<[String: CachedRollout]>([:])
    static let rolloutLifetime: Duration = .seconds(2)

    init(pool: PostgresPool, logger: Logger, peers: PlannerPeers, settings: PlannerSettings, knownTriggerNames: Set<String>) {
        stores = PlannerStores(pool: pool)
        self.logger = logger
        self.peers = peers
        self.settings = settings
        self.knownTriggerNames = knownTriggerNames
        work = PendingWorkRunner(stores: stores, peers: peers, logger: logger)
    }

    /// The compiled policy of a stored version.
    func policy(tenant: String, version: UInt32) async throws -> CompiledPolicy? {
        let key = "\(tenant)\u{0}\(version)"
        if let cached = compiled.withLock({ $0[key] }) { return cached }
        guard let row = try await stores.policies.version(tenant: tenant, version: version, withDocument: true) else { return nil }
        let compilation = PolicyCompiler.compile(row.policy.document, format: row.format, knownTriggerNames: knownTriggerNames)
        guard let policy = compilation.policy else {
            throw PlannerError(.corruptRow, "tenant \(tenant) policy version \(version) no longer compiles").rpcError
        }
        compiled.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[key] = policy
        }
        return policy
    }

    /// The audit record of a planner decision.
    func record(tenant: String, kind: AuditV1.RecordKind, decision: String, rationale: String, subjects: [AuditV1.AuditSubject],
                inputs: [String: String], policyVersion: UInt32 = 0, models: [CommonV1.ModelVersion] = [],
                by principal: CommonV1.Principal? = nil, now: Date) -> AuditV1.AuditRecord {
        var record = AuditV1.AuditRecord.decision(by: "baton-planner", tenant: tenant, kind: kind, decision: decision, at: now)
        if let principal { record.performedBy = principal }
        record.subjects = subjects
        record.inputs = inputs
        record.policyVersion = policyVersion
        record.modelVersions = models
        record.rationale = rationale
        return record
    }

    /// The record of an action the connector ran, with its one idempotency
    /// key (a turn, a confirmation and an approval may all record the same
    /// action; it is appended once).
    func actionRecord(_ step: PlannerV1.PlanStep, tenant: String, rationale: String, subjects: [AuditV1.AuditSubject],
                      policyVersion: UInt32 = 0, by principal: CommonV1.Principal? = nil,
                      now: Date) -> (record: AuditV1.AuditRecord, key: String) {
        (record(tenant: tenant, kind: .actionExecuted, decision: step.name, rationale: rationale, subjects: subjects,
                inputs: step.inputs.merging(step.outputs) { first, _ in first }, policyVersion: policyVersion, by: principal,
                now: now),
         "planner/action/\(step.idempotencyKey)")
    }

    /// Runs `work` after the call's answer, outside the call's context: the
    /// caller's deadline (a task-local, which `Task` inherits) must not cut
    /// short what the answer no longer waits for. On the pool's first I/O
    /// thread, where the write after an append runs its batch
    /// (``AuditOutboxStore``): the work's round trips then start and resume
    /// there, not on the global executor with two thread hops each.
    func afterAnswer(_ work: @escaping @Sendable () async -> Void) {
        Task(executorPreference: stores.pool.executors.first) { await ServerContext.$current.withValue(nil) { await work() } }
    }

    /// Appends a record written to the outbox at once, after its
    /// conversation's records still waiting before it (`olderWaiting`; in
    /// order, so the log keeps the order of each conversation's decisions;
    /// other conversations' records are theirs or the shipper's to append,
    /// so concurrent turns never append each other's), and returns its sequence; 0 when it
    /// is left to the background shipper (the audit log is down or slow, or
    /// too much waits). `alsoRun` goes in the same round trip as
    /// forgetting the appended rows (or alone when nothing was appended),
    /// shared with other calls' (``AuditOutboxStore/recordAppended(_:alsoRun:)``). With
    /// `recordAfterwards` that write runs after the return instead (for a
    /// caller whose answer needs only the sequence). `phases`, when given,
    /// gets the append and the write after it as phases of a turn.
    func appendNow(outboxID: Int64, key: String, record: AuditV1.AuditRecord, olderWaiting: Bool = true,
                   alsoRun: [PostgresQuery] = [], recordAfterwards: Bool = false, phases: TurnPhases? = nil) async -> UInt64 {
        var index: UInt64 = 0
        var shipped: [AuditShipper.Shipped] = []
        if let audit = peers.audit {
            do {
                let waiting = olderWaiting
                    ? try await stores.auditOutbox.pending(before: record, through: outboxID, limit: 16)
                    : [AuditShipper.Pending(id: outboxID, idempotencyKey: key, record: record)]
                if waiting.last?.id == outboxID {
                    for row in waiting {
                        let appended = try await audit.append(.with { $0.record = row.record; $0.idempotencyKey = row.idempotencyKey },
                                                              options: .init(timeout: settings.auditTimeout))
                        shipped.append(.init(id: row.id, sequence: appended.index))
                    }
                    index = shipped.last?.sequence ?? 0
                }
            } catch {
                // What was appended before the failure is forgotten; the rest waits for the shipper.
                logger.warning("audit append deferred to the outbox", metadata: ["error": "\(error)"])
            }
        }
        phases?.end("audit append")
        let appended = shipped
        let recordAppend = { @Sendable [self] in
            do {
                try await stores.auditOutbox.recordAppended(appended, alsoRun: alsoRun)
            } catch {
                // The shipper appends the rows again (idempotent on their keys) and forgets them.
                logger.warning("could not record the append", metadata: ["error": "\(error)"])
            }
        }
        if recordAfterwards {
            afterAnswer(recordAppend)
        } else {
            await recordAppend()
            phases?.end("record append")
        }
        return index
    }

    /// The tenant's rollout, read at most every `rolloutLifetime` (this
    /// replica's activations replace it at once). One turn reads it again
    /// when it expires; the turns meanwhile take the last one read instead
    /// of each reading it (at 300 turns/s in a burst of slow reads, a
    /// fifth of the turns read it).
    func rollout(tenant: String) async throws -> PolicyRollout {
        let now = ContinuousClock.now
        let cached = rollouts.withLock { cache -> PolicyRollout? in
            guard var entry = cache[tenant] else { return nil }
            if now - entry.read < Self.rolloutLifetime || entry.refreshing { return entry.rollout }
            entry.refreshing = true
            cache[tenant] = entry
            return nil
        }
        if let cached { return cached }
        let rollout: PolicyRollout
        do {
            rollout = try await stores.policies.rollout(tenant: tenant)
        } catch {
            rollouts.withLock { $0[tenant]?.refreshing = false }
            throw error
        }
        rollouts.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[tenant] = CachedRollout(rollout: rollout, read: now)
        }
        return rollout
    }
}

/// The services the planner calls. Signals is required; the others may be
/// absent in small set-ups (then their part is skipped and said so).
struct PlannerPeers: Sendable {
    var signals: SignalsV1.SignalsClient
    var router: RouterV1.RouterClient?
    var handoff: HandoffV1.HandoffClient?
    var audit: AuditV1.AuditClient?
    var connector: (any ConnectorGateway)?
}
