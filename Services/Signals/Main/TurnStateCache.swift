import SignalsCore

/// The state each conversation's last turn on this replica left
/// (``SignalsStores/TurnState``), so the next turn scores it without reading
/// it back: Evaluate is then one round trip to Postgres, not two. Bounded
/// (``FeatureCache``: 1,024 to 2,048 conversations, none of more than
/// ``maxKeptMessages`` messages, which read theirs each turn). The memory is checked
/// at the write (its revision, and the count of the conversation's events),
/// so a state another replica moved on from only costs a retry; the
/// customer's history in it is at most ``historyLifetime`` old.
final class TurnStateCache: Sendable {
    /// How long the customer's other negative conversations, counted by a read, stand for later turns.
    static let historyLifetime: Duration = .seconds(60)
    /// The longest conversation kept, in messages: at most 2,048 × 200 remembered messages in all.
    static let maxKeptMessages = 200

    private struct Key: Hashable, Sendable {
        var tenant: String
        var conversation: String
    }

    private let states = FeatureCache<Key, SignalsStores.TurnState>(capacity: 1_024)

    /// Takes the state kept for `conversation`, if its history was counted
    /// for the same customer and negative tone within ``historyLifetime``;
    /// a concurrent turn of the conversation then reads from Postgres.
    func take(tenant: String, conversation: String, customer: String, negativeCompound: Double,
              now: ContinuousClock.Instant = .now) -> SignalsStores.TurnState? {
        guard let state = states.take(Key(tenant: tenant, conversation: conversation)),
              state.customer == customer, state.negativeCompound == negativeCompound,
              now - state.historyRead < Self.historyLifetime else { return nil }
        return state
    }

    /// Keeps the state a turn of `conversation` left.
    func keep(_ state: SignalsStores.TurnState, tenant: String, conversation: String) {
        guard state.remembered.memory.messages.count <= Self.maxKeptMessages else { return }
        states.store(state, for: Key(tenant: tenant, conversation: conversation))
    }
}
