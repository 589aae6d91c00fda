import AuditCore
import Foundation
import ServiceKit
import Store

// baton-audit: the tenants' decision logs, verifiable with stock tools.
await ServiceMain.run(name: "baton-audit", schema: "audit", migrations: AuditMigrations.all) { context in
    let settings = try AuditSettings.load(ProcessInfo.processInfo.environment)
    let service = AuditService(pool: context.pool!, settings: settings, logger: context.logger)
    context.serveAdmin(TileServer(log: service.log).route)
    let exporter = MetricsExporter(service: service, registry: context.metrics)
    context.schedule("audit-metrics", every: settings.metricsInterval) { try await exporter.refresh() }
    let retention = RetentionJob(retention: service.retention, keys: service.keys, settings: settings, logger: context.logger)
    context.schedule("audit-retention", every: settings.retentionInterval) { try await retention.run() }
    return [service]
}
