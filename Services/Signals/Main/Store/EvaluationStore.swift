import Foundation
import SignalsCore
import Store
import Wire

/// `signals.evaluations`: one row per Evaluate, read back for the customer's
/// history (negative conversations) and by the proactive scan. Each row also
/// carries the revision of its conversation's memory it wrote, which keeps
/// concurrent evaluations of one conversation apart (see `SignalsStores+Turn`).
enum EvaluationStore {
    /// The unique index on a conversation's memory revisions: the conflict of a concurrent evaluation.
    static let memoryRevisionIndex = "evaluations_memory_revision"

    /// Records one evaluation, which wrote revision `memoryRevision` of its
    /// conversation's memory; fails on ``memoryRevisionIndex`` when another
    /// evaluation wrote that revision first.
    static func record(_ id: UUID, request: SignalsV1.EvaluateRequest, customer: String,
                       response: SignalsV1.EvaluateResponse, memoryRevision: Int64) -> PostgresQuery {
        """
        INSERT INTO signals.evaluations
            (evaluation_id, tenant_id, conversation_id, customer_id, turn_id, risk, recommendation, last_compound, triggers,
             intent, memory_revision)
        VALUES (\(id), \(request.tenantID), \(request.conversation?.conversationID ?? ""), \(customer), \(request.turnID),
                \(response.riskScore), \(Int32(response.recommendation.rawValue)), \(response.sentiments.last?.sentiment?.compound),
                \(response.triggers.map(\.name)), \(response.intent?.name ?? ""), \(memoryRevision))
        """
    }

    /// The latest revision of the conversation's memory (0 before its first
    /// evaluation) and the number of other conversations of `customer` in the
    /// last 7 days whose latest scored customer message was at or below
    /// `negativeCompound` (0 without a customer); columns `revision`, `negative`.
    static func revisionAndHistory(tenant: String, conversation: String, customer: String,
                                   negativeCompound: Double) -> PostgresQuery {
        """
        SELECT coalesce((SELECT memory_revision FROM signals.evaluations
                         WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
                         ORDER BY memory_revision DESC LIMIT 1), 0) AS revision,
               (SELECT count(DISTINCT conversation_id) FILTER (WHERE last_compound <= \(negativeCompound))
                FROM signals.evaluations
                WHERE tenant_id = \(tenant) AND customer_id = \(customer) AND \(customer) <> ''
                  AND conversation_id <> \(conversation) AND created_at > now() - interval '7 days') AS negative
        """
    }
}
