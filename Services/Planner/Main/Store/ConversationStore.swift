import Foundation
import PlannerCore
import Store
import Wire

/// `planner.conversations`: what the planner remembers of a conversation
/// between turns, so that any replica can take the next one.
struct ConversationStore: Sendable {
    let pool: PostgresPool

    /// A conversation as stored.
    struct Row: Sendable {
        /// The transcript as the planner knows it (the bot's copy wins when it sends one).
        var transcript: CommonV1.Conversation
        /// Customer turns handled so far.
        var customerTurns: Int
        /// Who has the conversation.
        var mode: ConversationMode
        /// True once an agent handed it back to the bot.
        var handedBack: Bool
        /// Keys of the trigger firings already handed off.
        var escalatedFirings: Set<String>
        /// When the planner first saw it.
        var startedAt: Date
    }

    /// The conversation, if the planner has seen it.
    func load(tenant: String, conversation: String) async throws -> Row? {
        try await pool.query("""
            SELECT transcript, customer_turns, mode, escalation_id, handed_back, escalated_firings, started_at
            FROM planner.conversations WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
            """).first.map(Self.decode)
    }

    /// The conversation locked for the caller's transaction, so that two
    /// turns of one conversation commit one after the other.
    func lock(tenant: String, conversation: String, session: PostgresSession) async throws -> Row? {
        try await session.query("""
            SELECT transcript, customer_turns, mode, escalation_id, handed_back, escalated_firings, started_at
            FROM planner.conversations WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) FOR UPDATE
            """).first.map(Self.decode)
    }

    /// Writes the conversation in the caller's transaction.
    func save(tenant: String, conversation: String, _ row: Row, session: PostgresSession) async throws {
        let (mode, escalation): (StoredConversationMode, String) = switch row.mode {
        case .bot: (.bot, "")
        case .person(let id): (.person, id)
        }
        try await session.query("""
            INSERT INTO planner.conversations (tenant_id, conversation_id, transcript, customer_turns, mode, escalation_id,
                handed_back, escalated_firings, started_at)
            VALUES (\(tenant), \(conversation), \(Data(row.transcript.serializedBytes())), \(Int32(row.customerTurns)),
                \(constant: mode), \(escalation), \(row.handedBack), \(row.escalatedFirings.sorted()), \(row.startedAt))
            ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET transcript = excluded.transcript,
                customer_turns = excluded.customer_turns, mode = excluded.mode, escalation_id = excluded.escalation_id,
                handed_back = excluded.handed_back, escalated_firings = excluded.escalated_firings, updated_at = now()
            """)
    }

    /// Gives the conversation back to the bot after its escalation was
    /// completed as handed back; false when it had moved on already.
    func handBack(tenant: String, conversation: String, escalation: String) async throws -> Bool {
        try await pool.query("""
            UPDATE planner.conversations SET mode = \(constant: StoredConversationMode.bot), escalation_id = '',
                handed_back = true, updated_at = now()
            WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND escalation_id = \(escalation)
            """).affectedRows > 0
    }

    /// Gives the conversation back to the bot after its escalation ended
    /// without a hand-back (cancelled, expired, resolved).
    func release(tenant: String, conversation: String, escalation: String) async throws {
        try await pool.query("""
            UPDATE planner.conversations SET mode = \(constant: StoredConversationMode.bot), escalation_id = '', updated_at = now()
            WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND escalation_id = \(escalation)
            """)
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        let mode = StoredConversationMode(rawValue: try row.decode(Int32.self, "mode")) ?? .bot
        let escalation = try row.decode(String.self, "escalation_id")
        return Row(transcript: try CommonV1.Conversation(serializedBytes: [UInt8](try row.decode(Data.self, "transcript"))),
                   customerTurns: Int(try row.decode(Int32.self, "customer_turns")),
                   mode: mode == .person && !escalation.isEmpty ? .person(escalationID: escalation) : .bot,
                   handedBack: try row.decode(Bool.self, "handed_back"),
                   escalatedFirings: Set(try row.decode([String].self, "escalated_firings")),
                   startedAt: try row.decode(Date.self, "started_at"))
    }
}
