import Store

/// The router's typed stores over one pool: the only place with SQL.
struct RouterStores: Sendable {
    let escalations: EscalationStore
    let offers: OfferStore
    let assignments: AssignmentStore
    let agents: AgentStore
    let queues: QueueStore

    let auditOutbox: AuditOutboxStore

    /// The stores; with `audited`, enqueues, assignments, completions and
    /// closings are also written to the audit outbox.
    init(pool: PostgresPool, audited: Bool) {
        escalations = EscalationStore(pool: pool, audited: audited)
        offers = OfferStore(pool: pool, audited: audited)
        assignments = AssignmentStore(pool: pool, audited: audited)
        agents = AgentStore(pool: pool)
        queues = QueueStore(pool: pool)
        auditOutbox = AuditOutboxStore(pool: pool)
    }
}
