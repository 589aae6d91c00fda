import Store

/// The planner's typed stores over one pool: the only place with SQL.
struct PlannerStores: Sendable {
    let pool: PostgresPool
    let policies: PolicyStore
    let conversations: ConversationStore
    let turns: TurnStore
    let confirmations: ConfirmationStore
    let approvals: ApprovalStore
    let pendingWork: PendingWorkStore
    let auditOutbox: AuditOutboxStore

    init(pool: PostgresPool) {
        self.pool = pool
        policies = PolicyStore(pool: pool)
        conversations = ConversationStore(pool: pool)
        turns = TurnStore(pool: pool)
        confirmations = ConfirmationStore(pool: pool)
        approvals = ApprovalStore(pool: pool)
        pendingWork = PendingWorkStore(pool: pool)
        auditOutbox = AuditOutboxStore(pool: pool)
    }
}
