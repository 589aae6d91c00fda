import ServiceKit

// baton-handoff: builds handoff packages, writes what the customer hears, takes agents' feedback, searches the
// tenants' knowledge bases. Stateless apart from Postgres: any number of replicas.
await ServiceMain.run(name: "baton-handoff", schema: "handoff", migrations: HandoffMigrations.all) { context in
    [HandoffService(pool: context.pool!, logger: context.logger)]
}
