import Foundation
import ServiceKit
import Store
import Wire

/// `handoff.audit_outbox`: the audit records of packages built and of
/// agents' feedback (`HandoffAuditRecords`), written in the transaction of
/// the row they record and shipped to baton-audit by `AuditShipper` when an
/// audit service is configured (`enabled`); otherwise nothing is written.
struct AuditOutbox: Sendable {
    let pool: PostgresPool
    let enabled: Bool

    /// Writes `record` under `key` inside the caller's transaction.
    func add(_ record: AuditV1.AuditRecord, key: String, session: PostgresSession) async throws {
        guard enabled else { return }
        try await session.query("""
            INSERT INTO handoff.audit_outbox (idempotency_key, record) VALUES (\(key), \(Data(record.serializedBytes())))
            """)
    }

    /// The oldest `limit` records.
    func pending(limit: Int) async throws -> [AuditShipper.Pending] {
        try await pool.query("SELECT id, idempotency_key, record FROM handoff.audit_outbox ORDER BY id LIMIT \(Int64(limit))")
            .map(AuditShipper.Pending.init(row:))
    }

    /// Forgets records appended.
    func shipped(_ ids: [Int64]) async throws {
        try await pool.query("DELETE FROM handoff.audit_outbox WHERE id = ANY(\(ids))")
    }
}
