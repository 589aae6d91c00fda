import Foundation
import ServiceKit

// baton-connector-demo: a stand-in for a tenant's CRM, orders, payments and tickets behind
// baton.connector.v1.Connector, over its own schema. Stateless apart from Postgres: any number of replicas.
await ServiceMain.run(name: "baton-connector-demo", schema: "connector_demo", migrations: ConnectorDemoMigrations.all) { context in
    let settings = try ConnectorDemoSettings.load(ProcessInfo.processInfo.environment)
    let service = ConnectorDemoService(pool: context.pool!, settings: settings, logger: context.logger)
    if let tenant = settings.seedTenant {
        let inserted = try await service.stores.seed.seed(tenant: tenant)
        context.logger.info("demo data ready", metadata: ["tenant": "\(tenant)", "customers-inserted": "\(inserted)"])
    }
    return [service]
}
