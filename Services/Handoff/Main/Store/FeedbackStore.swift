import Foundation
import HandoffCore
import Store

/// `handoff.feedback`: agents' ratings of packages, with the package's main
/// trigger copied so they aggregate per trigger.
struct FeedbackStore: Sendable {
    let pool: PostgresPool

    /// Stores one feedback; nil when `package` is not a package of `tenant`
    /// (nothing stored).
    func record(id: UUID, tenant: String, package: UUID, agent: String, rating: Int, missing: [String], wrong: [String],
                customerRepeated: Bool, unnecessary: Bool, comment: String) async throws -> Date? {
        let rows = try await pool.query("""
            INSERT INTO handoff.feedback (feedback_id, tenant_id, package_id, trigger_name, agent_id, rating, missing, wrong,
                customer_repeated, unnecessary, comment)
            SELECT \(id), tenant_id, package_id, trigger_name, \(agent), \(Int32(rating)), \(missing), \(wrong),
                \(customerRepeated), \(unnecessary), \(comment)
            FROM handoff.packages WHERE tenant_id = \(tenant) AND package_id = \(package)
            RETURNING created_at
            """)
        return try rows.first?.decode(Date.self, "created_at")
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
