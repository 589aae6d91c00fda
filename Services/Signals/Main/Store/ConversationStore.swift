import Foundation
import SignalsCore
import Store
import Wire

/// `signals.conversation_messages` and the conversation's rows of
/// `signals.events`: what Evaluate remembers of each conversation, so a bot
/// that sends only the current turn is scored like one that resends
/// everything.
struct ConversationStore: Sendable {
    let pool: PostgresPool
    let events: EventStore

    /// Messages remembered per conversation, newest kept (the wire's limit).
    static let rememberedMessages = 500

    /// Merges `request` into what is remembered of its conversation and
    /// remembers what is new (messages, the bot's confidence, events), under
    /// a lock on the conversation so concurrent calls see each other's turns.
    func merge(_ request: SignalsV1.EvaluateRequest, tenant: String) async throws -> ConversationMemory.Merged {
        let conversation = request.conversation?.conversationID ?? ""
        return try await pool.transaction { session in
            try await session.query("""
                SELECT pg_advisory_xact_lock(hashtextextended(\("signals:conversation:\(tenant):\(conversation)"), 0))
                """)
            let rows = try await session.query("""
                SELECT 'message' AS kind, position, message AS bytes, bot_confidence FROM (
                    SELECT position, message, bot_confidence FROM signals.conversation_messages
                    WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
                    ORDER BY position DESC LIMIT \(Self.rememberedMessages)) AS recent
                UNION ALL
                SELECT 'event', 0, event, NULL FROM signals.events
                WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
                ORDER BY kind DESC, position
                """)
            var memory = ConversationMemory()
            var firstPosition = 0
            for row in rows {
                let bytes = [UInt8](try row.decode(Data.self, "bytes"))
                if try row.decode(String.self, "kind") == "event" {
                    memory.events.append(try CommonV1.TechnicalEvent(serializedBytes: bytes))
                } else {
                    if memory.messages.isEmpty { firstPosition = try row.decode(Int.self, "position") }
                    memory.messages.append(.init(message: try CommonV1.ConversationMessage(serializedBytes: bytes),
                                                 botConfidence: try row.decode(Double?.self, "bot_confidence")))
                }
            }
            let merged = memory.merge(request)
            // New messages, and the scored one again when the bot sent a confidence for it.
            let remembered = memory.messages.count
            var positions = merged.newMessages.indices.map { Int64(firstPosition + remembered + $0) }
            var messages = merged.newMessages.map { Data($0.serializedBytes()) }
            let scored = Int64(firstPosition + merged.scoredIndex)
            let confidence = request.botConfidence
            if confidence != nil, merged.scoredIndex < remembered {
                positions.append(scored)
                messages.append(Data(memory.messages[merged.scoredIndex].message.serializedBytes()))
            }
            if !positions.isEmpty {
                try await session.query("""
                    INSERT INTO signals.conversation_messages (tenant_id, conversation_id, position, message, bot_confidence)
                    SELECT \(tenant), \(conversation), position, message, CASE WHEN position = \(scored) THEN \(confidence) END
                    FROM unnest(\(positions)::int8[], \(messages)::bytea[]) AS new (position, message)
                    ON CONFLICT (tenant_id, conversation_id, position) DO UPDATE
                    SET bot_confidence = COALESCE(EXCLUDED.bot_confidence, signals.conversation_messages.bot_confidence),
                        updated_at = now()
                    """)
            }
            for event in merged.newEvents where event.kind != .unspecified {
                try await events.insert(event, tenant: tenant, conversation: conversation, session: session)
            }
            return merged
        }
    }
}
