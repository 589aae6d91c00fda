import API
import Foundation
import Wire
import ServiceKit

// baton-signals: scores every customer message for escalation.
await ServiceMain.run(name: "baton-signals", schema: "signals", migrations: SignalsMigrations.all) { context in
    // With BATON_ROUTER_ADDR set, findings of tenants with auto_escalate become proactive escalations.
    let router = context.configuration.peers["router"] == nil ? nil : RouterV1.RouterClient(channel: try context.channel(to: "router"))
    // With BATON_AUDIT_ADDR set, threshold changes and findings go to baton-audit through an outbox.
    let audit = try context.auditClient()
    let service = try SignalsService(pool: context.pool!, logger: context.logger, router: router, audited: audit != nil)
    context.schedule("proactive-scan") { try await service.scanner.scanAllTenants(escalator: service.escalator) }
    let retention = RetentionJob(store: RetentionStore(pool: context.pool!), thresholds: service.stores.thresholds,
                                 settings: try SignalsSettings.load(ProcessInfo.processInfo.environment),
                                 logger: context.logger)
    context.schedule("retention", every: RetentionJob.interval) { try await retention.run() }
    if let audit {
        let outbox = service.outbox
        context.scheduleAuditShipping(client: audit, pending: { try await outbox.pending(limit: $0) },
                                      shipped: { try await outbox.shipped($0.map(\.id)) })
    }
    return [service]
}
