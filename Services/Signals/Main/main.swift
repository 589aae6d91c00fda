import ServiceKit

// baton-signals: scores every customer message for escalation.
await ServiceMain.run(name: "baton-signals", schema: "signals", migrations: SignalsMigrations.all) { context in
    let service = try SignalsService(pool: context.pool!, logger: context.logger)
    context.schedule("proactive-scan") { try await service.scanner.scanAllTenants() }
    return [service]
}
