import Store

/// The demo connector's typed stores over one pool: the only place with SQL.
struct ConnectorDemoStores: Sendable {
    let customers: CustomerStore
    let orders: OrderStore
    let tickets: TicketStore
    let executions: ActionExecutionStore
    let seed: SeedStore

    init(pool: PostgresPool) {
        customers = CustomerStore(pool: pool)
        orders = OrderStore(pool: pool)
        tickets = TicketStore(pool: pool)
        executions = ActionExecutionStore(pool: pool)
        seed = SeedStore(pool: pool)
    }
}
