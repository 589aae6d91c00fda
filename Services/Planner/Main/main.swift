import API
import Foundation
import PlannerConnector
import RPC
import ServiceKit
import SignalsCore
import Wire

// baton-planner: the bots' entry point. Decides every customer turn under the tenant's policy, acts within the bot's
// authority through the tenant's connector, and opens confirmations, approvals and hand-offs. Stateless apart from
// Postgres: any replica takes any turn.
await ServiceMain.run(name: "baton-planner", schema: "planner", migrations: PlannerMigrations.all) { context in
    let environment = ProcessInfo.processInfo.environment
    let settings = try PlannerSettings.load(environment)
    // Tenants' connectors: BATON_PLANNER_CONNECTORS (tenant=host:port,...) and BATON_PLANNER_CONNECTOR_DEFAULT.
    let connectors = try ConnectorDirectory(environment: environment, policy: ConnectorCallPolicy(
        lookupTimeout: settings.connectorTimeout, executeTimeout: settings.connectorTimeout * 3), logger: context.logger)
    // BATON_SIGNALS_ADDR is required; the router, baton-handoff and baton-audit are optional (their part is then skipped).
    // A connection to each per event loop: a turn's calls go out and come back on its handler's loop, no thread hop.
    let perLoop = RPCChannel.Configuration(connectionsPerAddress: RPCChannel.Configuration.eventLoopCount)
    let peers = PlannerPeers(
        signals: SignalsV1.SignalsClient(channel: try context.channel(to: "signals", configuration: perLoop)),
        router: context.configuration.peers["router"] == nil
            ? nil : RouterV1.RouterClient(channel: try context.channel(to: "router", configuration: perLoop)),
        handoff: context.configuration.peers["handoff"] == nil
            ? nil : HandoffV1.HandoffClient(channel: try context.channel(to: "handoff", configuration: perLoop)),
        audit: try context.auditClient(configuration: perLoop),
        connector: connectors.endpoints.isEmpty && connectors.defaultEndpoint == nil
            ? nil : DirectoryConnectorGateway(directory: connectors))
    let service = PlannerService(pool: context.pool!, logger: context.logger, peers: peers, settings: settings,
                                 knownTriggerNames: SignalsTriggerCatalog.names)
    context.schedule("pending-work", every: .seconds(2)) { try await service.work.runDue() }
    context.schedule("approval-expiry", every: .seconds(15)) { try await service.expireApprovals() }
    if let audit = peers.audit {
        let outbox = service.stores.auditOutbox
        // A record younger than the longest append (and a second for the write after it) is still appended by its
        // turn: shipped too, the repeat would fail a group commit on its key (and the outbox is never empty under load).
        let age = settings.auditTimeout + .seconds(1)
        context.scheduleAuditShipping(client: audit, pending: { try await outbox.pending(limit: $0, age: age) },
                                      shipped: { try await outbox.shipped($0) })
    }
    return [service]
}
