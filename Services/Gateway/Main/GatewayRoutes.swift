import API
import Wire
import Foundation
import GatewayCore
import RPC
import ServiceKit

/// The routes the gateway serves: every method of every upstream service
/// whose address is configured, each with its rule from ``MethodAccess``.
enum GatewayRoutes {
    /// Every method of the services the gateway may forward to, by service.
    static let bindings: [String: [MethodBinding]] = [
        "baton.planner.v1.Planner": PlannerV1.Planner.bindings,
        "baton.router.v1.Router": RouterV1.Router.bindings,
        "baton.handoff.v1.Handoff": HandoffV1.Handoff.bindings,
        "baton.signals.v1.Signals": SignalsV1.Signals.bindings,
        "baton.audit.v1.Audit": AuditV1.Audit.bindings,
    ]

    /// The routes for the services configured in `context` (`BATON_<NAME>_ADDR`).
    static func make(_ context: ServiceContext) throws -> [GatewayProxy.Route] {
        var routes: [GatewayProxy.Route] = []
        for (service, bindings) in bindings.sorted(by: { $0.key < $1.key }) {
            guard let name = MethodAccess.upstreams[service], context.configuration.peers[name] != nil else {
                context.logger.warning("not routed: no address", metadata: ["service": "\(service)"])
                continue
            }
            // Health checks every 2 s keep calls off a replica that is draining or has lost its database;
            // names are resolved again every 10 s, so a scaled Deployment's new pods take calls quickly.
            // One connection per event loop to each replica: a call is forwarded on the loop it arrived on.
            let upstream = try context.channel(to: name, configuration: .init(
                connectionsPerAddress: RPCChannel.Configuration.eventLoopCount, resolveInterval: .seconds(10),
                healthCheckInterval: .seconds(2)))
            for binding in bindings {
                guard let rule = MethodAccess.rules[binding.descriptor.path] else {
                    throw ConfigurationError(setting: "MethodAccess", value: binding.descriptor.path,
                                             reason: "the method has no access rule (a build without it must not serve it)")
                }
                routes.append(.init(binding: binding, rule: rule, upstream: upstream))
            }
        }
        return routes
    }

    /// The request inspector for `requestTypes`, planned from the API's descriptors.
    static func inspector(requestTypes: [String]) throws -> RequestInspector {
        let files = APIDescriptors.files.map { file in Array(Data(base64Encoded: file.descriptorBase64) ?? Data()) }
        return try RequestInspector(catalog: try MessageCatalog(files: files), requestTypes: requestTypes)
    }
}
