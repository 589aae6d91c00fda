import Foundation
import Store

/// `planner.pending_work`: what a decision owes other services, written
/// with the decision and done after it, again and again until done. With
/// the router or baton-handoff down, the decision stands and its work waits
/// here.
struct PendingWorkStore: Sendable {
    let pool: PostgresPool

    /// A row.
    struct Row: Sendable {
        var id: Int64
        var tenant: String
        var kind: PendingWorkKind
        var key: String
        var payload: Data
        var attempts: Int
    }

    /// Owes `payload` (idempotent on `key`).
    static func add(tenant: String, kind: PendingWorkKind, key: String, payload: Data) -> PostgresQuery {
        """
        INSERT INTO planner.pending_work (tenant_id, kind, idempotency_key, payload)
        VALUES (\(tenant), \(constant: kind), \(key), \(payload)) ON CONFLICT (idempotency_key) DO NOTHING
        """
    }

    /// The row owed under `key`, if still pending.
    func find(key: String) async throws -> Row? {
        try await pool.query("""
            SELECT id, tenant_id, kind, idempotency_key, payload, attempts FROM planner.pending_work WHERE idempotency_key = \(key)
            """).first.map(Self.decode)
    }

    /// Rows due now, oldest first.
    func due(now: Date, limit: Int) async throws -> [Row] {
        try await pool.query("""
            SELECT id, tenant_id, kind, idempotency_key, payload, attempts FROM planner.pending_work
            WHERE next_attempt_at <= \(now) ORDER BY id LIMIT \(Int64(limit))
            """).map(Self.decode)
    }

    /// Forgets a row once done.
    func done(id: Int64) async throws {
        try await pool.query(Self.remove(id: id))
    }

    /// Forgets a row (done, or refused for good).
    static func remove(id: Int64) -> PostgresQuery {
        "DELETE FROM planner.pending_work WHERE id = \(id)"
    }

    /// Keeps a row for another attempt at `retryAt`.
    func failed(id: Int64, error: String, retryAt: Date) async throws {
        try await pool.query("""
            UPDATE planner.pending_work SET attempts = attempts + 1, last_error = \(String(error.prefix(500))),
                next_attempt_at = \(retryAt)
            WHERE id = \(id)
            """)
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        Row(id: try row.decode(Int64.self, "id"), tenant: try row.decode(String.self, "tenant_id"),
            kind: PendingWorkKind(rawValue: try row.decode(Int32.self, "kind")) ?? .enqueue,
            key: try row.decode(String.self, "idempotency_key"), payload: try row.decode(Data.self, "payload"),
            attempts: Int(try row.decode(Int32.self, "attempts")))
    }
}
