import ServiceKit
import Store

extension AuditRecordOutbox.Table {
    /// `handoff.audit_outbox`: the records of packages built and of agents'
    /// feedback (`HandoffAuditRecords`), written in the transaction of the
    /// row they record.
    static let handoff = AuditRecordOutbox.Table(
        insert: { "INSERT INTO handoff.audit_outbox (idempotency_key, record) VALUES (\($0), \($1))" },
        pending: { "SELECT id, idempotency_key, record FROM handoff.audit_outbox ORDER BY id LIMIT \($0)" },
        delete: { "DELETE FROM handoff.audit_outbox WHERE id = ANY(\($0))" })
}
