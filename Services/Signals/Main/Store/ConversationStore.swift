import Foundation
import SignalsCore
import Store
import Wire

/// `signals.conversation_messages` and the conversation's rows of
/// `signals.events`: what Evaluate remembers of each conversation, so a bot
/// that sends only the current turn is scored like one that resends
/// everything. Statements only: `SignalsStores+Turn` runs them in the
/// round trips of a turn.
enum ConversationStore {
    /// Messages remembered per conversation, newest kept (the wire's limit).
    static let rememberedMessages = 500

    /// What is remembered of a conversation.
    struct Remembered: Sendable {
        /// The remembered messages (oldest first) and events.
        var memory = ConversationMemory()
        /// The stored position of the oldest remembered message.
        var firstPosition = 0
    }

    /// The SQLSTATE of ``expectUnchanged(tenant:conversation:revision:events:)``
    /// when the conversation's memory is no longer the one a replica kept
    /// (a user-defined class).
    static let memoryChanged = "BA001"

    /// Aborts the pipeline or transaction it runs in, with
    /// ``memoryChanged``, unless `conversation`'s latest stored revision is
    /// `revision` and it has `events` events stored. The events change
    /// without a revision (RecordEvent); the revision goes back when
    /// Postgres crashed before flushing a turn that was answered (a turn's
    /// write does not wait for the flush: `SignalsStores.record`).
    static func expectUnchanged(tenant: String, conversation: String, revision: Int64, events: Int) -> PostgresQuery {
        // The function only on a change; "<> ''" lets a generic plan use the partial index `events_by_conversation`.
        """
        SELECT CASE WHEN (SELECT count(*) FROM signals.events
                          WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND conversation_id <> '')
                         <> \(Int64(events))
                      OR coalesce((SELECT memory_revision FROM signals.evaluations
                                   WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
                                   ORDER BY memory_revision DESC LIMIT 1), 0) <> \(revision)
                    THEN signals.conversation_events_changed(\(conversation)) END
        """
    }

    /// Reads what is remembered of `conversation`; decode with ``remembered(_:)``.
    static func recall(tenant: String, conversation: String) -> PostgresQuery {
        """
        SELECT 'message' AS kind, position, message AS bytes, bot_confidence FROM (
            SELECT position, message, bot_confidence FROM signals.conversation_messages
            WHERE tenant_id = \(tenant) AND conversation_id = \(conversation)
            ORDER BY position DESC LIMIT \(Self.rememberedMessages)) AS recent
        UNION ALL
        SELECT 'event', 0, event, NULL FROM signals.events
        WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND conversation_id <> ''
        ORDER BY kind DESC, position
        """
    }

    /// The memory in the rows of ``recall(tenant:conversation:)``.
    static func remembered(_ rows: PostgresRows) throws -> Remembered {
        var remembered = Remembered()
        for row in rows {
            let bytes = [UInt8](try row.decode(Data.self, "bytes"))
            if try row.decode(String.self, "kind") == "event" {
                remembered.memory.events.append(try CommonV1.TechnicalEvent(serializedBytes: bytes))
            } else {
                if remembered.memory.messages.isEmpty { remembered.firstPosition = try row.decode(Int.self, "position") }
                remembered.memory.messages.append(.init(message: try CommonV1.ConversationMessage(serializedBytes: bytes),
                                                        botConfidence: try row.decode(Double?.self, "bot_confidence")))
            }
        }
        return remembered
    }

    /// What ``recall(tenant:conversation:)`` reads once the statements of
    /// ``remember(_:of:into:)`` are stored: `merged` remembered (its new
    /// events as far as `keptEvents` says they were stored), newest
    /// ``rememberedMessages`` messages kept.
    static func afterRemembering(_ merged: ConversationMemory.Merged, into remembered: Remembered,
                                 keptEvents: Set<String>) -> Remembered {
        var next = remembered
        next.memory.remember(merged, keptEvents: keptEvents)
        let dropped = max(0, next.memory.messages.count - rememberedMessages)
        next.memory.messages.removeFirst(dropped)
        next.firstPosition += dropped
        return next
    }

    /// The statements that remember what `merged` (a merge of `request` into
    /// `remembered`) brought: its new messages, the bot's confidence in its
    /// reply to the scored one, and its new events (last, returning the ids
    /// stored: `storesEvents`). None when it brought nothing.
    static func remember(_ merged: ConversationMemory.Merged, of request: SignalsV1.EvaluateRequest,
                         into remembered: Remembered) -> (statements: [PostgresQuery], storesEvents: Bool) {
        let tenant = request.tenantID
        let conversation = request.conversation?.conversationID ?? ""
        // New messages, and the scored one again when the bot sent a confidence for it.
        let count = remembered.memory.messages.count
        var positions = merged.newMessages.indices.map { Int64(remembered.firstPosition + count + $0) }
        var messages = merged.newMessages.map { Data($0.serializedBytes()) }
        let scored = Int64(remembered.firstPosition + merged.scoredIndex)
        let confidence = request.botConfidence
        if confidence != nil, merged.scoredIndex < count {
            positions.append(scored)
            messages.append(Data(remembered.memory.messages[merged.scoredIndex].message.serializedBytes()))
        }
        var statements: [PostgresQuery] = []
        if !positions.isEmpty {
            statements.append("""
                INSERT INTO signals.conversation_messages (tenant_id, conversation_id, position, message, bot_confidence)
                SELECT \(tenant), \(conversation), position, message, CASE WHEN position = \(scored) THEN \(confidence) END
                FROM unnest(\(positions)::int8[], \(messages)::bytea[]) AS new (position, message)
                ON CONFLICT (tenant_id, conversation_id, position) DO UPDATE
                SET bot_confidence = COALESCE(EXCLUDED.bot_confidence, signals.conversation_messages.bot_confidence),
                    updated_at = now()
                """)
        }
        // Last, so that its rows (the ids it stored) are the pipeline's last.
        let events = merged.newEvents.filter { $0.kind != .unspecified }
        if !events.isEmpty {
            statements.append(EventStore.insertion(events, tenant: tenant, conversation: conversation))
        }
        return (statements, !events.isEmpty)
    }
}
