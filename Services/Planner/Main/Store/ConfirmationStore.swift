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

    /// The confirmation, if it exists.
    func find(tenant: String, id: UUID) async throws -> Row? {
        try await pool.query("""
            SELECT confirmation_id, conversation_id, turn_id, action, language, state, expire_at FROM planner.confirmations
            WHERE tenant_id = \(tenant) AND confirmation_id = \(id)
            """).first.map { row in
            Row(id: try row.decode(UUID.self, "confirmation_id"), conversationID: try row.decode(String.self, "conversation_id"),
                turnID: try row.decode(String.self, "turn_id"),
                action: try CommonV1.RequestedAction(serializedBytes: [UInt8](try row.decode(Data.self, "action"))),
                language: try row.decode(String.self, "language"),
                state: StoredConfirmationState(rawValue: try row.decode(Int32.self, "state")) ?? .expired,
                expireAt: try row.decode(Date.self, "expire_at"))
        }
    }

    /// Takes the answer `state` for the confirmation if it is still pending
    /// and, unless the answer is the expiry, not expired at `now`: the one
    /// caller that gets true acts on it; every other answer finds it taken.
    func claim(tenant: String, id: UUID, state: StoredConfirmationState, now: Date) async throws -> Bool {
        let unexpired = state != .expired
        return try await pool.query("""
            UPDATE planner.confirmations SET state = \(constant: state), answered_at = now()
            WHERE tenant_id = \(tenant) AND confirmation_id = \(id) AND state = \(constant: StoredConfirmationState.pending)
              AND (NOT \(unexpired) OR expire_at > \(now))
            """).affectedRows == 1
    }

    /// Gives a claimed confirmation back (its action could not run), so that the customer's answer can be retried.
    func release(tenant: String, id: UUID, from state: StoredConfirmationState) async throws {
        try await pool.query("""
            UPDATE planner.confirmations SET state = \(constant: StoredConfirmationState.pending), answered_at = NULL
            WHERE tenant_id = \(tenant) AND confirmation_id = \(id) AND state = \(constant: state)
            """)
    }
}
