import Foundation
import Store
import Wire

/// `router.audit_outbox`: the facts of decisions waiting for baton-audit,
/// read with the escalation they concern and deleted once appended.
struct AuditOutboxStore: Sendable {
    let pool: PostgresPool

    /// A fact with its escalation as stored.
    struct Row: Sendable {
        var id: Int64
        var tenant: String
        var escalationID: String
        var kind: AuditV1.RecordKind
        var agentID: String?
        var code: Int32
        var decideTime: Date
        var escalation: RouterV1.Escalation
        var queueID: String
    }

    /// The oldest `limit` facts.
    func pending(limit: Int) async throws -> [Row] {
        try await pool.query("""
            SELECT o.id, o.tenant_id, o.escalation_id, o.kind, o.agent_id, o.code, o.decide_time, e.escalation, e.queue_id
            FROM router.audit_outbox o
            JOIN router.escalations e ON e.tenant_id = o.tenant_id AND e.escalation_id = o.escalation_id
            ORDER BY o.id LIMIT \(Int64(limit))
            """).map { row in
            Row(id: try row.decode(Int64.self, "id"), tenant: try row.decode(String.self, "tenant_id"),
                escalationID: try row.decode(String.self, "escalation_id"),
                kind: AuditV1.RecordKind(rawValue: try row.decode(Int32.self, "kind")),
                agentID: try row.decode(String?.self, "agent_id"), code: try row.decode(Int32.self, "code"),
                decideTime: try row.decode(Date.self, "decide_time"),
                escalation: try RouterV1.Escalation(serializedBytes: [UInt8](try row.decode(Data.self, "escalation"))),
                queueID: try row.decode(String.self, "queue_id"))
        }
    }

    /// Forgets facts appended to the audit log.
    func shipped(_ ids: [Int64]) async throws {
        try await pool.query("DELETE FROM router.audit_outbox WHERE id = ANY(\(ids))")
    }
}
