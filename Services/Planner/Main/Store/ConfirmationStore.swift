import Foundation
import Store
import Wire

/// `planner.confirmations`: irreversible actions waiting for the
/// customer's answer.
struct ConfirmationStore: Sendable {
    let pool: PostgresPool

    /// A confirmation as stored.
    struct Row: Sendable {
        var id: UUID
        var conversationID: String
        var turnID: String
        var action: CommonV1.RequestedAction
        var language: String
        var state: StoredConfirmationState
        var expireAt: Date
    }

    /// Opens a confirmation.
    static func open(tenant: String, _ row: Row) -> PostgresQuery {
        """
            INSERT INTO planner.confirmations (confirmation_id, tenant_id, conversation_id, turn_id, action, language, state, expire_at)
            VALUES (\(row.id), \(tenant), \(row.conversationID), \(row.turnID), \(Data(row.action.serializedBytes())),
                \(row.language), \(constant: row.state), \(row.expireAt))
            """
    }

    /// The confirmation, locked for the caller's transaction.
    func lock(tenant: String, id: UUID, session: PostgresSession) async throws -> Row? {
        try await session.query("""
            SELECT confirmation_id, conversation_id, turn_id, action, language, state, expire_at FROM planner.confirmations
            WHERE tenant_id = \(tenant) AND confirmation_id = \(id) FOR UPDATE
            """).first.map { row in
            Row(id: try row.decode(UUID.self, "confirmation_id"), conversationID: try row.decode(String.self, "conversation_id"),
                turnID: try row.decode(String.self, "turn_id"),
                action: try CommonV1.RequestedAction(serializedBytes: [UInt8](try row.decode(Data.self, "action"))),
                language: try row.decode(String.self, "language"),
                state: StoredConfirmationState(rawValue: try row.decode(Int32.self, "state")) ?? .expired,
                expireAt: try row.decode(Date.self, "expire_at"))
        }
    }

    /// Records the answer (or the expiry) in the caller's transaction.
    func settle(tenant: String, id: UUID, state: StoredConfirmationState, session: PostgresSession) async throws {
        try await session.query("""
            UPDATE planner.confirmations SET state = \(constant: state), answered_at = now()
            WHERE tenant_id = \(tenant) AND confirmation_id = \(id)
            """)
    }
}
