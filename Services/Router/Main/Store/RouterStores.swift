import Store

/// The router's typed stores over one pool: the only place with SQL.
struct RouterStores: Sendable {
    let escalations: EscalationStore
    let offers: OfferStore
    let assignments: AssignmentStore
    let agents: AgentStore
    let queues: QueueStore

    init(pool: PostgresPool) {
        escalations = EscalationStore(pool: pool)
        offers = OfferStore(pool: pool)
        assignments = AssignmentStore(pool: pool)
        agents = AgentStore(pool: pool)
        queues = QueueStore(pool: pool)
    }
}
