import Foundation
import ServiceKit
import Store
import Wire

/// `planner.audit_outbox`: the audit records of the planner's decisions,
/// written in the transaction of each decision and shipped by
/// `AuditShipper` (or right after the decision, when the log can take it).
struct AuditOutboxStore: Sendable {
    let pool: PostgresPool
    /// The writes after appends (``recordAppended(_:alsoRun:)``), many
    /// callers per round trip.
    private let appendsToRecord: StatementBatcher<AppendedRows, Void>

    /// What one caller appended, and its statements to run with forgetting it.
    private struct AppendedRows: Sendable {
        var shipped: [AuditShipper.Shipped]
        var alsoRun: [PostgresQuery]
    }

    init(pool: PostgresPool) {
        self.pool = pool
        appendsToRecord = StatementBatcher(executor: pool.executors.first) { inputs in
            let shipped = inputs.flatMap(\.shipped)
            let alsoRun = inputs.flatMap(\.alsoRun)
            // Forgetting appended records needs no flush of its own: a crash that loses it leaves the records in the
            // outbox, and the shipper (or a retried turn) appends them again, which the log answers with the first
            // append's index. The statements a caller runs with it (a completed outcome) are kept durable.
            let flush = alsoRun.isEmpty ? [PostgresQuery.commitWithoutWaitingForFlush] : []
            let statements = flush + (shipped.isEmpty ? [] : [Self.shipped(shipped)]) + alsoRun
            _ = try await pool.withConnection { try await $0.pipeline(statements) }
            return inputs.map { _ in .success(()) }
        }
    }

    /// Writes `record` under `key`; its row gives the row's `id` and whether
    /// records of the same conversation (``orderScope(of:)``) wait before it
    /// (`older`). A turn's decision names its `turn`: once appended, the
    /// turn keeps the record's sequence (``shipped(_:)-swift.type.method``),
    /// whoever appends it.
    static func add(_ record: AuditV1.AuditRecord, key: String, turn: String? = nil) -> PostgresQuery {
        let scope = orderScope(of: record)
        return """
            INSERT INTO planner.audit_outbox (tenant_id, conversation_id, turn_id, idempotency_key, record)
            VALUES (\(record.tenantID), \(scope), \(turn), \(key), \(Data(record.serializedBytes())))
            ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = excluded.idempotency_key
            RETURNING id, EXISTS (SELECT 1 FROM planner.audit_outbox o
                                  WHERE o.tenant_id = \(record.tenantID) AND o.conversation_id = \(scope)
                                    AND o.id < planner.audit_outbox.id) AS older
            """
    }

    /// The records whose order the log keeps: a conversation's (its
    /// CONVERSATION subject), or the tenant's own (policies: "").
    static func orderScope(of record: AuditV1.AuditRecord) -> String {
        record.subjects.first { $0.kind == .conversation }?.subjectID ?? ""
    }

    /// Writes `record` under `key` in the caller's transaction; returns the row id.
    @discardableResult
    func add(_ record: AuditV1.AuditRecord, key: String, session: PostgresSession) async throws -> Int64 {
        try await session.query(Self.add(record, key: key))[0].decode(Int64.self, "id")
    }

    /// The record waiting under `key`, if it was not appended and forgotten yet.
    func waiting(key: String) async throws -> AuditShipper.Pending? {
        try await pool.query("""
            SELECT id, idempotency_key, record FROM planner.audit_outbox WHERE idempotency_key = \(key)
            """).first.map(AuditShipper.Pending.init(row:))
    }

    /// The oldest `limit` records written at least `age` ago: younger ones
    /// are still their writer's to append (``PlannerService/appendNow``).
    func pending(limit: Int, age: Duration) async throws -> [AuditShipper.Pending] {
        try await pool.query("""
            SELECT id, idempotency_key, record FROM planner.audit_outbox
            WHERE written_at <= now() - make_interval(secs => \(age.timeInterval))
            ORDER BY id LIMIT \(Int64(limit))
            """).map(AuditShipper.Pending.init(row:))
    }

    /// The waiting records of `record`'s order scope up to `id`, oldest first (at most `limit`).
    func pending(before record: AuditV1.AuditRecord, through id: Int64, limit: Int) async throws -> [AuditShipper.Pending] {
        try await pool.query("""
            SELECT id, idempotency_key, record FROM planner.audit_outbox
            WHERE tenant_id = \(record.tenantID) AND conversation_id = \(Self.orderScope(of: record)) AND id <= \(id)
            ORDER BY id LIMIT \(Int64(limit))
            """).map(AuditShipper.Pending.init(row:))
    }

    /// Forgets records appended; a turn's decision leaves its sequence with the turn.
    func shipped(_ rows: [AuditShipper.Shipped]) async throws {
        try await pool.query(Self.shipped(rows))
    }

    /// Forgets records a call appended itself (``shipped(_:)-swift.type.method``)
    /// and runs its `alsoRun` statements in the same round trip, which the
    /// calls that come meanwhile share (one statement and one commit for all
    /// their rows): at one turn after another this write was a round trip
    /// and a commit of its own per turn. A batch that fails is run again
    /// call by call.
    func recordAppended(_ rows: [AuditShipper.Shipped], alsoRun: [PostgresQuery]) async throws {
        guard !rows.isEmpty || !alsoRun.isEmpty else { return }
        try await appendsToRecord.submit(AppendedRows(shipped: rows, alsoRun: alsoRun))
    }

    /// Forgets records appended, and stores the sequence of each turn
    /// decision among them with its turn, so that a retried turn answers
    /// with it even when the background shipper appended the record (for a
    /// pipeline).
    static func shipped(_ rows: [AuditShipper.Shipped]) -> PostgresQuery {
        """
        WITH appended AS (
            SELECT * FROM unnest(\(rows.map(\.id))::bigint[], \(rows.map { Int64(clamping: $0.sequence) })::bigint[])
                AS a (id, sequence)
        ), forgotten AS (
            DELETE FROM planner.audit_outbox o USING appended a WHERE o.id = a.id
            RETURNING o.tenant_id, o.conversation_id, o.turn_id, a.sequence
        )
        UPDATE planner.turns t SET audit_sequence = f.sequence FROM forgotten f
        WHERE f.turn_id IS NOT NULL AND f.sequence > 0
          AND t.tenant_id = f.tenant_id AND t.conversation_id = f.conversation_id AND t.turn_id = f.turn_id
        """
    }
}
