import Foundation
import SignalsCore
import Store
import Wire

/// The two round trips of an Evaluate turn, neither in a transaction of its
/// own: one pipeline reads the conversation's memory, its revision and the
/// customer's history; after scoring, one pipeline (atomic: one implicit
/// transaction up to its sync) writes the evaluation as the next revision,
/// the new messages, the bot's confidence and the new events.
///
/// Concurrent evaluations of one conversation stay serial without a lock:
/// the revision is read before the memory, and a write commits only as the
/// revision after the one read, so a write that commits has scored exactly
/// the memory of that revision; the loser of a race reads and scores again.
extension SignalsStores {
    /// What a turn reads before scoring.
    struct TurnState: Sendable {
        /// The conversation as remembered.
        var remembered: ConversationStore.Remembered
        /// The revision of that memory (0 before the first evaluation).
        var revision: Int64
        /// The customer's other negative conversations in the last 7 days.
        var negativeConversations: Int
    }

    /// Reads the state of `request`'s conversation, in one round trip.
    func turnState(of request: SignalsV1.EvaluateRequest, customer: String, negativeCompound: Double) async throws -> TurnState {
        let conversation = request.conversation?.conversationID ?? ""
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
                         negativeConversations: try results[0][0].decode(Int.self, "negative"))
    }

    /// Writes a scored turn as the revision after `state`'s, in one round
    /// trip; false, with nothing written, when another evaluation of the
    /// conversation wrote that revision first.
    func record(_ merged: ConversationMemory.Merged, of request: SignalsV1.EvaluateRequest, over state: TurnState,
                evaluation: UUID, customer: String, response: SignalsV1.EvaluateResponse) async throws -> Bool {
        let statements = [EvaluationStore.record(evaluation, request: request, customer: customer, response: response,
                                                 memoryRevision: state.revision + 1)]
            + ConversationStore.remember(merged, of: request, into: state.remembered)
        do {
            _ = try await pool.withConnection { try await $0.pipeline(statements) }
            return true
        } catch let error as PostgresError where error.isUniqueViolation
                    && error.constraint == EvaluationStore.memoryRevisionIndex {
            return false
        }
    }
}
