import Foundation
import SignalsCore
import Store
import Wire

/// The round trips of an Evaluate turn, none in a transaction of its own:
/// one pipeline reads the conversation's memory, its revision and the
/// customer's history; after scoring, one pipeline (atomic: one implicit
/// transaction up to its sync) writes the evaluation as the next revision,
/// the new messages, the bot's confidence and the new events. A replica
/// that wrote a conversation's last turn keeps what it wrote
/// (``TurnStateCache``) and skips the read for the next one.
///
/// Concurrent evaluations of one conversation stay serial without a lock:
/// the revision is read before the memory, and a write commits only as the
/// revision after the one read, so a write that commits has scored exactly
/// the memory of that revision; the loser of a race reads and scores again.
/// A write from a kept state also checks that no event came for the
/// conversation since (RecordEvent adds some without a new revision) and
/// that the revision it kept is still the latest (a Postgres crash can lose
/// an answered turn: the write does not wait for the flush).
extension SignalsStores {
    /// What a turn reads before scoring.
    struct TurnState: Sendable {
        /// The conversation as remembered.
        var remembered: ConversationStore.Remembered
        /// The revision of that memory (0 before the first evaluation).
        var revision: Int64
        /// The customer's other negative conversations in the last 7 days.
        var negativeConversations: Int
        /// The customer and the tenant's negative tone they were counted for.
        var customer: String
        var negativeCompound: Double
        /// When they were counted.
        var historyRead: ContinuousClock.Instant
    }

    /// Reads the state of `request`'s conversation, in one round trip.
    func turnState(of request: SignalsV1.EvaluateRequest, customer: String, negativeCompound: Double) async throws -> TurnState {
        let conversation = request.conversation?.conversationID ?? ""
        let read = ContinuousClock.now
        // The revision first: a write between the two reads then fails its revision and the turn reads again.
        let results = try await pool.withConnection { session in
            try await session.pipeline([
                EvaluationStore.revisionAndHistory(tenant: request.tenantID, conversation: conversation, customer: customer,
                                                   negativeCompound: negativeCompound),
                ConversationStore.recall(tenant: request.tenantID, conversation: conversation),
            ])
        }
        return TurnState(remembered: try ConversationStore.remembered(results[1]),
                         revision: try results[0][0].decode(Int64.self, "revision"),
                         negativeConversations: try results[0][0].decode(Int.self, "negative"),
                         customer: customer, negativeCompound: negativeCompound, historyRead: read)
    }

    /// Writes a scored turn as the revision after `state`'s, in one round
    /// trip, and returns the state it leaves (what the next turn would
    /// read); nil, with nothing written, when another evaluation of the
    /// conversation wrote that revision first or, for a `kept` state, the
    /// memory is no longer the one kept (an event came for the conversation
    /// since, or a crash lost the turn that wrote it).
    func record(_ merged: ConversationMemory.Merged, of request: SignalsV1.EvaluateRequest, over state: TurnState,
                kept: Bool, evaluation: UUID, response: SignalsV1.EvaluateResponse) async throws -> TurnState? {
        let conversation = request.conversation?.conversationID ?? ""
        let unchanged = kept ? [ConversationStore.expectUnchanged(tenant: request.tenantID, conversation: conversation,
                                                                  revision: state.revision,
                                                                  events: state.remembered.memory.events.count)] : []
        let memory = ConversationStore.remember(merged, of: request, into: state.remembered)
        // Without waiting for the WAL flush, whose latency on a busy disk was most of a turn's tail over the
        // transport. Whatever acts on this evaluation durably (the planner's turn and its audit record naming the
        // evaluation) commits later on the same Postgres, and WAL is flushed in order, so that commit flushes this
        // one too. A turn nothing durable followed can be lost in a Postgres crash within wal_writer_delay (× 3) of
        // it; the conversation's memory then goes on without it, and a replica that kept it reads the memory again
        // (``ConversationStore/expectUnchanged(tenant:conversation:revision:events:)``). Tests/EndToEnd crashes a
        // Postgres to show both.
        let statements = [PostgresQuery.commitWithoutWaitingForFlush] + unchanged
            + [EvaluationStore.record(evaluation, request: request, customer: state.customer, response: response,
                                      memoryRevision: state.revision + 1)]
            + memory.statements
        let results: [PostgresRows]
        do {
            results = try await pool.withConnection { try await $0.pipeline(statements) }
        } catch let error as PostgresError where error.isUniqueViolation && error.constraint == EvaluationStore.memoryRevisionIndex
                    || error.sqlState == ConversationStore.memoryChanged {
            return nil
        }
        let keptEvents = try memory.storesEvents ? Set(results.last!.map { try $0.decode(String.self, "event_id") }) : []
        var next = state
        next.remembered = ConversationStore.afterRemembering(merged, into: state.remembered, keptEvents: keptEvents)
        next.revision += 1
        return next
    }
}
