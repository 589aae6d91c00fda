import API
import Wire
import ServiceKit

// baton-signals: scores every customer message for escalation.
await ServiceMain.run(name: "baton-signals", schema: "signals", migrations: SignalsMigrations.all) { context in
    // With BATON_ROUTER_ADDR set, findings of tenants with auto_escalate become proactive escalations.
    let router = context.configuration.peers["router"] == nil ? nil : RouterV1.RouterClient(channel: try context.channel(to: "router"))
    let service = try SignalsService(pool: context.pool!, logger: context.logger, router: router)
    context.schedule("proactive-scan") { try await service.scanner.scanAllTenants(escalator: service.escalator) }
    return [service]
}
