import ServiceKit

// baton-handoff: builds handoff packages, writes what the customer hears, takes agents' feedback, searches the
// tenants' knowledge bases. Stateless apart from Postgres: any number of replicas.
await ServiceMain.run(name: "baton-handoff", schema: "handoff", migrations: HandoffMigrations.all) { context in
    // With BATON_AUDIT_ADDR set, packages built and agents' feedback go to baton-audit through an outbox.
    let audit = try context.auditClient()
    let service = HandoffService(pool: context.pool!, logger: context.logger, audited: audit != nil)
    if let audit {
        let outbox = service.outbox
        context.scheduleAuditShipping(client: audit, pending: { try await outbox.pending(limit: $0) },
                                      shipped: { try await outbox.shipped($0.map(\.id)) })
    }
    return [service]
}
