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
        /// The agent who last had it (empty: none yet). Written only when an
        /// escalation ends (``handBack(tenant:conversation:escalation:lastAgent:)``,
        /// ``release(tenant:conversation:escalation:lastAgent:)``); a turn's save keeps it.
        var previousAgentID = ""
    }

    /// Reads the conversation (rows for ``decode(_:)``).
    static func load(tenant: String, conversation: String) -> PostgresQuery {
        """
        SELECT transcript, customer_turns, mode, escalation_id, handed_back, escalated_firings, started_at, previous_agent_id
        FROM planner.conversations WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
        """
    }

    /// The conversation, if the planner has seen it.
    func load(tenant: String, conversation: String) async throws -> Row? {
        try Self.decode(try await pool.query(Self.load(tenant: tenant, conversation: conversation)))
    }

    /// The conversation `load` read, if the planner has seen it.
    static func decode(_ rows: PostgresRows) throws -> Row? {
        try rows.first.map(decode)
    }

    /// Writes the conversation as of turn `turnID`, or fails with SQLSTATE
    /// 22012 (``isLostRace(_:)``) when another turn moved it on since it had
    /// `previousTurns` customer turns: then nothing is written, and in a
    /// pipelined transaction the error makes the server skip the statements
    /// after it, so a turn that lost the race for its conversation writes
    /// nothing. One statement (the write's own RETURNING is the check).
    static func save(tenant: String, conversation: String, _ row: Row, turnID: String, previousTurns: Int) -> PostgresQuery {
        let (mode, escalation): (StoredConversationMode, String) = switch row.mode {
        case .bot: (.bot, "")
        case .person(let id): (.person, id)
        }
        return """
            WITH written AS (
                INSERT INTO planner.conversations (tenant_id, conversation_id, transcript, customer_turns, mode, escalation_id,
                    handed_back, escalated_firings, last_turn_id, started_at)
                VALUES (\(tenant), \(conversation), \(Data(row.transcript.serializedBytes())), \(Int32(row.customerTurns)),
                    \(constant: mode), \(escalation), \(row.handedBack), \(row.escalatedFirings.sorted()), \(turnID), \(row.startedAt))
                ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET transcript = excluded.transcript,
                    customer_turns = excluded.customer_turns, mode = excluded.mode, escalation_id = excluded.escalation_id,
                    handed_back = excluded.handed_back, escalated_firings = excluded.escalated_firings,
                    last_turn_id = excluded.last_turn_id, updated_at = now()
                WHERE planner.conversations.customer_turns = \(Int32(previousTurns))
                RETURNING 1
            )
            SELECT 1 / count(*)::int AS written FROM written
            """
    }

    /// Whether `error` is ``save(tenant:conversation:_:turnID:previousTurns:)``'s: another turn moved the conversation on first.
    static func isLostRace(_ error: any Error) -> Bool {
        (error as? PostgresError)?.sqlState == "22012"
    }

    /// Gives the conversation back to the bot after its escalation was
    /// completed as handed back, remembering the agent who had it; false
    /// when it had moved on already.
    func handBack(tenant: String, conversation: String, escalation: String, lastAgent: String) async throws -> Bool {
        try await pool.query("""
            UPDATE planner.conversations SET mode = \(constant: StoredConversationMode.bot), escalation_id = '',
                handed_back = true, previous_agent_id = COALESCE(NULLIF(\(lastAgent), ''), previous_agent_id), updated_at = now()
            WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND escalation_id = \(escalation)
            """).affectedRows > 0
    }

    /// Gives the conversation back to the bot after its escalation ended
    /// without a hand-back (cancelled, expired, resolved), remembering the
    /// agent who had it.
    func release(tenant: String, conversation: String, escalation: String, lastAgent: String) async throws {
        try await pool.query(Self.release(tenant: tenant, conversation: conversation, escalation: escalation, lastAgent: lastAgent))
    }

    /// ``release(tenant:conversation:escalation:lastAgent:)`` as a statement
    /// (also for an escalation the router refused: nobody will take it).
    static func release(tenant: String, conversation: String, escalation: String, lastAgent: String) -> PostgresQuery {
        """
        UPDATE planner.conversations SET mode = \(constant: StoredConversationMode.bot), escalation_id = '',
            previous_agent_id = COALESCE(NULLIF(\(lastAgent), ''), previous_agent_id), updated_at = now()
        WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND escalation_id = \(escalation)
        """
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        let mode = StoredConversationMode(rawValue: try row.decode(Int32.self, "mode")) ?? .bot
        let escalation = try row.decode(String.self, "escalation_id")
        return Row(transcript: try CommonV1.Conversation(serializedBytes: [UInt8](try row.decode(Data.self, "transcript"))),
                   customerTurns: Int(try row.decode(Int32.self, "customer_turns")),
                   mode: mode == .person && !escalation.isEmpty ? .person(escalationID: escalation) : .bot,
                   handedBack: try row.decode(Bool.self, "handed_back"),
                   escalatedFirings: Set(try row.decode([String].self, "escalated_firings")),
                   startedAt: try row.decode(Date.self, "started_at"),
                   previousAgentID: try row.decode(String.self, "previous_agent_id"))
    }
}
