import Foundation
import SignalsCore
import Store
import Wire

/// `signals.evaluations`: one row per Evaluate, read back for the customer's
/// history (negative conversations) and by the proactive scan.
struct EvaluationStore: Sendable {
    let pool: PostgresPool

    /// Records one evaluation.
    func record(_ id: UUID, request: SignalsV1.EvaluateRequest, customer: String,
                response: SignalsV1.EvaluateResponse) async throws {
        try await pool.query("""
            INSERT INTO signals.evaluations
                (evaluation_id, tenant_id, conversation_id, customer_id, turn_id, risk, recommendation, last_compound, triggers, intent)
            VALUES (\(id), \(request.tenantID), \(request.conversation?.conversationID ?? ""), \(customer), \(request.turnID),
                    \(response.riskScore), \(Int32(response.recommendation.rawValue)), \(response.sentiments.last?.sentiment?.compound),
                    \(response.triggers.map(\.name)), \(response.intent?.name ?? ""))
            """)
    }

    /// Other conversations of `customer` in the last 7 days whose latest
    /// scored customer message was at or below `negativeCompound`.
    func recentNegativeConversations(tenant: String, customer: String, excluding conversation: String,
                                      negativeCompound: Double) async throws -> Int {
        let rows = try await pool.query("""
            SELECT count(DISTINCT conversation_id) FILTER (WHERE last_compound <= \(negativeCompound)) AS negative
            FROM signals.evaluations
            WHERE tenant_id = \(tenant) AND customer_id = \(customer) AND conversation_id <> \(conversation)
              AND created_at > now() - interval '7 days'
            """)
        return try rows[0].decode(Int.self, "negative")
    }
}
