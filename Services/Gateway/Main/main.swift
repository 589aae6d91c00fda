import API
import Foundation
import GatewayCore
import ServiceKit
import Wire

// baton-gateway: the one front door. Authenticates every call (API keys, JWTs), checks the role's scope and that the
// request's tenant, agent and principals are the caller's, applies rate limits, and forwards the call unread to the
// service that owns it, balancing over every replica. Holds no data of its own apart from API keys.

// API keys: `baton-gateway create-key ...` makes a key (a tenant's first admin key) and exits.
if let status = await KeyBootstrap.runIfAsked(Array(CommandLine.arguments.dropFirst())) { exit(status) }

await ServiceMain.run(name: "baton-gateway", schema: "gateway", migrations: GatewayMigrations.all) { context in
    let settings = try GatewaySettings.load(ProcessInfo.processInfo.environment)
    let routes = try GatewayRoutes.make(context)
    let keyStore = APIKeyStore(pool: context.pool!)
    let keys = await KeyDirectory.started(in: context, store: keyStore)

    var authenticator: (any Authenticating)?
    if settings.authentication {
        var jwks: JWKSFile?
        if let file = settings.jwksFile, let issuer = settings.jwtIssuer {
            let loaded = try JWKSFile(path: file, issuer: issuer, audience: settings.jwtAudience,
                                      skew: .seconds(settings.jwtSkewSeconds), logger: context.logger)
            context.schedule("jwks-reload", every: .seconds(10)) { loaded.reloadIfChanged() }
            jwks = loaded
        }
        authenticator = Authenticator(keys: keys, jwks: jwks)
    } else {
        context.logger.warning("authentication is OFF: the gateway is a plain proxy; never run it so in production")
    }

    let limiter = RateLimiter(perCredential: settings.perCredential, perTenant: settings.perTenant)
    context.schedule("rate-limit-eviction", every: .seconds(60)) { limiter.evictIdle() }
    // Agents reach handoff packages and feedback only for escalations the router says are theirs.
    let assignments = context.configuration.peers["router"] != nil
        ? AssignmentLookup(router: try context.channel(to: "router"),
                           handoff: context.configuration.peers["handoff"] != nil ? try context.channel(to: "handoff") : nil)
        : nil
    let keyBindings = GatewayV1.Keys.bindings
    let admission = CallAdmission(
        authenticator: authenticator,
        inspector: try GatewayRoutes.inspector(requestTypes: routes.map(\.binding.requestName) + keyBindings.map(\.requestName)),
        limiter: limiter, assignments: assignments, logger: context.logger)
    context.logger.info("routes ready", metadata: ["methods": "\(routes.count)", "authentication": "\(settings.authentication)"])

    let keysService = AdmittedService(KeysService(store: keyStore, logger: context.logger), bindings: keyBindings,
                                      admission: admission)
    return [GatewayProxy(routes: routes, admission: admission, accessLog: AccessLog(logger: context.logger)), keysService]
}
