import Store

/// The signals service's typed stores over one pool: the only place with
/// SQL, apart from the proactive scan's queries. `ConversationStore` and
/// `EvaluationStore` only build statements, which an Evaluate turn runs
/// (`SignalsStores+Turn`).
struct SignalsStores: Sendable {
    let pool: PostgresPool
    let thresholds: ThresholdStore
    let events: EventStore
    /// The state each conversation's last turn on this replica left.
    let turns = TurnStateCache()

    init(pool: PostgresPool) {
        self.pool = pool
        thresholds = ThresholdStore(pool: pool)
        events = EventStore(pool: pool)
    }
}
