import Foundation
import GatewayCore
import ServiceKit

// baton-gateway: the one front door. Authenticates every call (API keys, JWTs), checks the role's scope and that the
// request's tenant, agent and principals are the caller's, applies rate limits, and forwards the call unread to the
// service that owns it, balancing over every replica. Holds no data of its own apart from API keys.

// API keys: `baton-gateway create-key ...` makes a key (a tenant's first admin key) and exits.
if let status = await KeyBootstrap.runIfAsked(Array(CommandLine.arguments.dropFirst())) { exit(status) }

await ServiceMain.run(name: "baton-gateway", schema: "gateway", migrations: GatewayMigrations.all) { context in
    let settings = try GatewaySettings.load(ProcessInfo.processInfo.environment)
    guard !settings.authentication else {
        throw ConfigurationError(setting: "BATON_GATEWAY_AUTHENTICATION", value: "on",
                                 reason: "authentication is being wired (issue 18); run with off for now")
    }
    context.logger.warning("authentication is OFF: the gateway is a plain proxy; never run it so in production")
    let routes = try GatewayRoutes.make(context)
    let limiter = RateLimiter(perCredential: settings.perCredential, perTenant: settings.perTenant)
    context.schedule("rate-limit-eviction", every: .seconds(60)) { limiter.evictIdle() }
    let admission = CallAdmission(authenticator: nil, inspector: try GatewayRoutes.inspector(for: routes),
                                  limiter: limiter, assignments: nil, logger: context.logger)
    context.logger.info("routes ready", metadata: ["methods": "\(routes.count)"])

    // API keys: the directory that checks presented keys (for the authenticator, once wired), and the Keys service.
    let keyStore = APIKeyStore(pool: context.pool!)
    _ = await KeyDirectory.started(in: context, store: keyStore)
    let keys = KeysService(store: keyStore, logger: context.logger)

    return [GatewayProxy(routes: routes, admission: admission, accessLog: AccessLog(logger: context.logger)), keys]
}
