import API
import Foundation
import ServiceKit
import Store
import Wire

// baton-router: routes escalations to human agents; any number of replicas.
await ServiceMain.run(name: "baton-router", schema: "router", migrations: RouterMigrations.all) { context in
    let pool = context.pool!
    // With BATON_AUDIT_ADDR set, enqueues, assignments, completions and closings go to baton-audit through an outbox.
    let audit = try context.auditClient()
    let service = RouterService(pool: pool, logger: context.logger, audited: audit != nil)
    let sweeper = Sweeper(pool: pool, stores: service.stores, queues: service.queues, offerLifecycle: service.offerLifecycle,
                          dispatcher: service.dispatcher, logger: context.logger)
    let listener = PostgresListener(configuration: pool.configuration)
    context.schedule("router-notifications", every: .seconds(1)) { await service.hub.run(listener: listener) }
    // Offer timeouts are seconds long: their timers run every second whatever BATON_BACKGROUND_INTERVAL says.
    context.schedule("offer-expiry", every: .seconds(1)) { try await sweeper.expireOffers() }
    context.schedule("session-leases", every: SessionHub.renewEvery) { try await service.hub.renewLeases() }
    // Widening steps, on-call delays, max_wait and the end of affinity holds act on time alone: look every second.
    context.schedule("dispatch", every: .seconds(1)) { try await service.dispatcher.dispatchAll() }
    context.schedule("callbacks") { try await sweeper.releaseDueCallbacks() }
    let grace = try offlineGrace(ProcessInfo.processInfo.environment)
    context.schedule("stranded-work", every: .seconds(1)) { try await sweeper.requeueStrandedWork(grace: grace) }
    if let audit {
        let outbox = service.stores.auditOutbox
        context.scheduleAuditShipping(client: audit, pending: { limit in
            try await outbox.pending(limit: limit).map(RouterAuditRecords.pending)
        }, shipped: { rows in try await outbox.shipped(rows.map(\.id)) })
    }
    return [service]
}

/// `BATON_ROUTER_OFFLINE_GRACE`: seconds an agent may be gone (no live
/// session) before their assigned work goes back to its queue; 120 by default.
func offlineGrace(_ environment: [String: String]) throws(ConfigurationError) -> Duration {
    guard let value = environment["BATON_ROUTER_OFFLINE_GRACE"] else { return .seconds(120) }
    guard let seconds = Double(value), seconds >= 1, seconds <= 86_400 else {
        throw ConfigurationError(setting: "BATON_ROUTER_OFFLINE_GRACE", value: value,
                                 reason: "not a number of seconds (1 to 86400)")
    }
    return .milliseconds(Int64(seconds * 1000))
}
