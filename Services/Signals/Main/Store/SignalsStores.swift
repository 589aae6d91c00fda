import Store

/// The signals service's typed stores over one pool: the only place with
/// SQL, apart from the proactive scan's queries.
struct SignalsStores: Sendable {
    let thresholds: ThresholdStore
    let evaluations: EvaluationStore
    let conversations: ConversationStore
    let events: EventStore

    init(pool: PostgresPool) {
        thresholds = ThresholdStore(pool: pool)
        evaluations = EvaluationStore(pool: pool)
        events = EventStore(pool: pool)
        conversations = ConversationStore(pool: pool, events: events)
    }
}
