import Foundation
import ServiceKit
import Wire

/// The audit records of baton-handoff's decisions, with their idempotency
/// keys: a package revision built and an agent's feedback on a package.
/// Inputs carry identifiers, names and figures only, never the customer's or
/// the agent's free text (messages, summary, comment): the audit log seals
/// inputs, but keeps free text of customers out of them altogether.
enum HandoffAuditRecords {
    /// The record of a stored package revision: about its escalation,
    /// conversation and customer; `fingerprintDigest` is the SHA-256 (hex)
    /// of the build's fingerprint, as `handoff.packages` keeps it.
    static func built(_ package: HandoffV1.HandoffPackage, tenant: String, customer: String, fingerprintDigest: String)
        -> (record: AuditV1.AuditRecord, key: String) {
        var record = AuditV1.AuditRecord.decision(by: "baton-handoff", tenant: tenant, kind: .handoffBuilt, decision: "built",
                                                  at: package.buildTime?.date ?? Date())
        record.subjects = [subject(.escalation, package.escalationID), subject(.conversation, package.conversationID)]
        if !customer.isEmpty { record.subjects.append(subject(.customer, customer)) }
        for trigger in [package.trigger].compactMap({ $0 }) + package.additionalTriggers
        where trigger.category != .unspecified && !record.triggerCategories.contains(trigger.category) {
            record.triggerCategories.append(trigger.category)
        }
        record.modelVersions = package.modelVersions
        record.inputs = [
            "package_id": package.packageID, "revision": String(package.revision), "trigger": package.trigger?.name ?? "",
            "issue_type": package.classification?.issueType ?? "",
            "urgency": String(package.classification?.urgency.rawValue ?? 0), "fingerprint_sha256": fingerprintDigest,
        ]
        return (record, "handoff:built:\(package.packageID)")
    }

    /// The record of an agent's feedback on a package: about the package's
    /// escalation and the agent, performed by the agent. `necessary` is the
    /// input the audit log's escalation metrics count unnecessary
    /// escalations by ("false").
    static func feedback(id: String, tenant: String, package: String, escalation: String, trigger: String, agent: String,
                         rating: Int, missing: [String], wrong: [String], customerRepeated: Bool, unnecessary: Bool,
                         at time: Date) -> (record: AuditV1.AuditRecord, key: String) {
        var record = AuditV1.AuditRecord.decision(by: "baton-handoff", tenant: tenant, kind: .handoffFeedback, decision: "rated",
                                                  at: time)
        record.performedBy = .with {
            $0.kind = .humanAgent
            $0.principalID = agent
        }
        record.subjects = [subject(.escalation, escalation), subject(.agent, agent)]
        record.inputs = [
            "feedback_id": id, "package_id": package, "trigger": trigger, "rating": String(rating),
            "missing": missing.joined(separator: ","), "wrong": wrong.joined(separator: ","),
            "customer_repeated": String(customerRepeated), "necessary": String(!unnecessary),
        ]
        return (record, "handoff:feedback:\(id)")
    }

    private static func subject(_ kind: AuditV1.SubjectKind, _ id: String) -> AuditV1.AuditSubject {
        .with {
            $0.kind = kind
            $0.subjectID = id
        }
    }
}
