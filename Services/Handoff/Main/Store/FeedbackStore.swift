import Foundation
import HandoffCore
import ServiceKit
import Store

/// `handoff.feedback`: agents' ratings of packages, with the package's main
/// trigger copied so they aggregate per trigger.
struct FeedbackStore: Sendable {
    let pool: PostgresPool

    /// Stores one feedback and its audit record (to `outbox`, in the same
    /// transaction); nil when `package` is not a package of `tenant`
    /// (nothing stored).
    func record(id: UUID, tenant: String, package: UUID, agent: String, rating: Int, missing: [String], wrong: [String],
                customerRepeated: Bool, unnecessary: Bool, comment: String, outbox: AuditRecordOutbox) async throws -> Date? {
        try await pool.transaction { session in
            let rows = try await session.query("""
                INSERT INTO handoff.feedback (feedback_id, tenant_id, package_id, trigger_name, agent_id, rating, missing, wrong,
                    customer_repeated, unnecessary, comment)
                SELECT \(id), tenant_id, package_id, trigger_name, \(agent), \(Int32(rating)), \(missing), \(wrong),
                    \(customerRepeated), \(unnecessary), \(comment)
                FROM handoff.packages WHERE tenant_id = \(tenant) AND package_id = \(package)
                RETURNING created_at, trigger_name,
                    (SELECT escalation_id FROM handoff.packages WHERE package_id = \(package)) AS escalation_id
                """)
            guard let row = rows.first else { return nil }
            let recorded = try row.decode(Date.self, "created_at")
            let audit = HandoffAuditRecords.feedback(
                id: id.uuidString.lowercased(), tenant: tenant, package: package.uuidString.lowercased(),
                escalation: try row.decode(String.self, "escalation_id"), trigger: try row.decode(String.self, "trigger_name"),
                agent: agent, rating: rating, missing: missing, wrong: wrong, customerRepeated: customerRepeated,
                unnecessary: unnecessary, at: recorded)
            try await outbox.add(audit.record, key: audit.key, session: session)
            return recorded
        }
    }

    /// Every feedback of `tenant`, for aggregation.
    func all(of tenant: String) async throws -> [FeedbackRecord] {
        try await pool.query("""
            SELECT trigger_name, rating, customer_repeated, unnecessary, missing, wrong FROM handoff.feedback
            WHERE tenant_id = \(tenant)
            """).map { row in
            FeedbackRecord(triggerName: try row.decode(String.self, "trigger_name"), rating: try row.decode(Int.self, "rating"),
                           customerRepeated: try row.decode(Bool.self, "customer_repeated"),
                           unnecessary: try row.decode(Bool.self, "unnecessary"),
                           missing: try row.decode([String].self, "missing"), wrong: try row.decode([String].self, "wrong"))
        }
    }
}
