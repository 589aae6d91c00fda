import ServiceKit
import Store

extension AuditRecordOutbox.Table {
    /// `signals.audit_outbox`: the records of threshold changes and proactive
    /// findings (`SignalsAuditRecords`), written in the transaction of the change.
    static let signals = AuditRecordOutbox.Table(
        insert: { "INSERT INTO signals.audit_outbox (idempotency_key, record) VALUES (\($0), \($1))" },
        pending: { "SELECT id, idempotency_key, record FROM signals.audit_outbox ORDER BY id LIMIT \($0)" },
        delete: { "DELETE FROM signals.audit_outbox WHERE id = ANY(\($0))" })
}
