import ServiceKit
import Wire

/// The audit records of baton-signals' decisions (threshold changes,
/// proactive findings), written to `signals.audit_outbox`.
enum SignalsAuditRecords {
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
