import Foundation
import ServiceKit
import Store
import Wire

/// `signals.audit_outbox`: the audit records of signals' decisions (threshold
/// changes, proactive findings), written in the transaction of the change
/// and shipped to baton-audit by `AuditShipper` when an audit service is
/// configured (`enabled`); otherwise nothing is written.
struct AuditOutbox: Sendable {
    let pool: PostgresPool
    let enabled: Bool

    /// Writes `record` under `key` inside the caller's transaction.
    func add(_ record: AuditV1.AuditRecord, key: String, session: PostgresSession) async throws {
        guard enabled else { return }
        try await session.query("""
            INSERT INTO signals.audit_outbox (idempotency_key, record) VALUES (\(key), \(Data(record.serializedBytes())))
            """)
    }

    /// The oldest `limit` records.
    func pending(limit: Int) async throws -> [AuditShipper.Pending] {
        try await pool.query("SELECT id, idempotency_key, record FROM signals.audit_outbox ORDER BY id LIMIT \(Int64(limit))")
            .map(AuditShipper.Pending.init(row:))
    }

    /// Forgets records appended.
    func shipped(_ ids: [Int64]) async throws {
        try await pool.query("DELETE FROM signals.audit_outbox WHERE id = ANY(\(ids))")
    }

    /// The record of a decision by baton-signals.
    static func record(tenant: String, kind: AuditV1.RecordKind, decision: String, subjects: [AuditV1.AuditSubject] = [],
                       inputs: [String: String] = [:], rationale: String = "") -> AuditV1.AuditRecord {
        var record = AuditV1.AuditRecord.decision(by: "baton-signals", tenant: tenant, kind: kind, decision: decision)
        record.subjects = subjects
        record.inputs = inputs
        record.rationale = rationale
        return record
    }
}
