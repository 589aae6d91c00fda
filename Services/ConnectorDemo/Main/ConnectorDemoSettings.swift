import ServiceKit

/// baton-connector-demo's own settings, read beside `ServiceConfiguration`:
/// - `BATON_CONNECTOR_DEMO_SEED`: `1` loads the demo tenant's customers,
///   orders, payments and tickets at start-up (``SeedStore``; nothing changes
///   when they are there already); `0` (the default) does not.
/// - `BATON_CONNECTOR_DEMO_SEED_TENANT`: the tenant seeded; default `demo-retail`.
/// - `BATON_CONNECTOR_DEMO_DELAY_MS`: a fault for tests: every response,
///   errors included, is held this many milliseconds after the work is done
///   (an action is executed and committed before the wait), so that a caller's
///   deadline can pass on a call that did its work. Default 0, at most 600000.
struct ConnectorDemoSettings: Sendable {
    let seedTenant: String?
    let responseDelay: Duration

    static func load(_ environment: [String: String]) throws(ConfigurationError) -> ConnectorDemoSettings {
        let seed = environment["BATON_CONNECTOR_DEMO_SEED"] ?? "0"
        guard seed == "0" || seed == "1" else {
            throw ConfigurationError(setting: "BATON_CONNECTOR_DEMO_SEED", value: seed, reason: "must be 0 or 1")
        }
        let tenant = environment["BATON_CONNECTOR_DEMO_SEED_TENANT"] ?? "demo-retail"
        guard !tenant.isEmpty, tenant.utf8.count <= 128 else {
            throw ConfigurationError(setting: "BATON_CONNECTOR_DEMO_SEED_TENANT", value: tenant, reason: "1 to 128 bytes")
        }
        let delayText = environment["BATON_CONNECTOR_DEMO_DELAY_MS"] ?? "0"
        guard let delay = Int64(delayText), (0...600_000).contains(delay) else {
            throw ConfigurationError(setting: "BATON_CONNECTOR_DEMO_DELAY_MS", value: delayText,
                                     reason: "milliseconds, 0 to 600000")
        }
        return ConnectorDemoSettings(seedTenant: seed == "1" ? tenant : nil, responseDelay: .milliseconds(delay))
    }
}
