import Foundation
import RouterCore
import Store

/// Enqueues, accepts and completions, many callers per statement: each RPC
/// submits its write and the ones that arrive while a statement runs share
/// the next, one round trip and one commit for all (``StatementBatcher``).
/// The conditions are those of a single write, so a late, repeated or
/// concurrent one still changes nothing; a write that matched no row gets
/// nil and its RPC explains why.
struct WriteBatches: Sendable {
    /// How a batch's rows are matched back to its inputs.
    private struct Key: Hashable {
        var tenant: String
        var escalationID: String
    }

    let admissions: StatementBatcher<EscalationStore.Admission, PostgresRow?>
    let accepts: StatementBatcher<OfferStore.Acceptance, PostgresRow?>
    let completions: StatementBatcher<AssignmentStore.Completion, PostgresRow?>

    init(stores: RouterStores) {
        admissions = StatementBatcher { inputs in try await Self.admit(inputs, store: stores.escalations) }
        accepts = StatementBatcher { inputs in try await Self.accept(inputs, store: stores.offers) }
        completions = StatementBatcher { inputs in try await Self.complete(inputs, store: stores.assignments) }
    }

    /// The new escalation rows (with `ahead`, the queued escalations before
    /// each), in input order; nil for an id that exists.
    static func admit(_ inputs: [EscalationStore.Admission], store: EscalationStore) async throws -> [Result<PostgresRow?, any Error>] {
        var byKey: [Key: PostgresRow] = [:]
        for row in try await store.admit(inputs) {
            byKey[Key(tenant: try row.decode(String.self, "admitted_tenant"),
                      escalationID: try row.decode(String.self, "admitted_id"))] = row
        }
        // The same id twice in one batch: the first is stored, the others find it there.
        return inputs.map { .success(byKey.removeValue(forKey: Key(tenant: $0.tenant, escalationID: $0.escalationID))) }
    }

    /// The escalation rows of the accepted offers, in input order.
    static func accept(_ inputs: [OfferStore.Acceptance], store: OfferStore) async throws -> [Result<PostgresRow?, any Error>] {
        // The same offer twice in one batch: the first decides, the others see it taken.
        let unique = Array(Set(inputs.map { OfferStore.Acceptance(tenant: $0.tenant, agentID: $0.agentID, offerID: $0.offerID.lowercased()) }))
        var byOffer: [String: PostgresRow] = [:]
        for row in try await store.accept(unique) { byOffer[try row.decode(String.self, "accepted_offer_id")] = row }
        return inputs.map { input in .success(byOffer.removeValue(forKey: input.offerID.lowercased())) }
    }

    /// The escalation rows of the completed assignments, in input order.
    static func complete(_ inputs: [AssignmentStore.Completion], store: AssignmentStore) async throws -> [Result<PostgresRow?, any Error>] {
        var seen = Set<Key>()
        let unique = inputs.filter { seen.insert(Key(tenant: $0.tenant, escalationID: $0.escalationID)).inserted }
        var byKey: [Key: PostgresRow] = [:]
        for row in try await store.complete(unique) {
            byKey[Key(tenant: try row.decode(String.self, "completed_tenant"),
                      escalationID: try row.decode(String.self, "completed_id"))] = row
        }
        return inputs.map { .success(byKey.removeValue(forKey: Key(tenant: $0.tenant, escalationID: $0.escalationID))) }
    }
}
