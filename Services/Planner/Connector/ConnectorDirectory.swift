public import Logging
public import RPC
public import ServiceKit
import Synchronization

/// Which connector serves which tenant, from the planner's settings:
///
/// - `BATON_PLANNER_CONNECTORS`: comma-separated `tenant=host:port` pairs,
///   such as `demo-retail=127.0.0.1:7001,acme=connector.acme.svc:50051`.
/// - `BATON_PLANNER_CONNECTOR_DEFAULT`: `host:port` of the connector for
///   every tenant not listed. Optional.
///
/// A tenant with neither has no connector: ``client(for:)`` fails with
/// FAILED_PRECONDITION. One ``ConnectorClient`` (one channel, one circuit
/// breaker) is made per endpoint on first use and shared by the tenants
/// that name it, so a failing endpoint trips one breaker for all of them.
public final class ConnectorDirectory: Sendable {
    /// The endpoint of each listed tenant, as `host:port`.
    public let endpoints: [String: String]
    /// The endpoint of tenants not listed, if any.
    public let defaultEndpoint: String?
    /// How the clients call.
    public let policy: ConnectorCallPolicy
    let logger: Logger
    let clients = Mutex<[String: ConnectorClient]>([:])

    /// A directory of the given endpoints (`host:port`).
    public init(endpoints: [String: String], defaultEndpoint: String? = nil, policy: ConnectorCallPolicy = .init(),
                logger: Logger = Logger(label: "baton-planner.connector")) {
        self.endpoints = endpoints
        self.defaultEndpoint = defaultEndpoint
        self.policy = policy
        self.logger = logger
    }

    /// A directory from `BATON_PLANNER_CONNECTORS` and `BATON_PLANNER_CONNECTOR_DEFAULT`.
    public convenience init(environment: [String: String], policy: ConnectorCallPolicy = .init(),
                            logger: Logger = Logger(label: "baton-planner.connector")) throws(ConfigurationError) {
        var endpoints: [String: String] = [:]
        let listed = environment["BATON_PLANNER_CONNECTORS"] ?? ""
        for entry in listed.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, Self.isAddress(parts[1]) else {
                throw ConfigurationError(setting: "BATON_PLANNER_CONNECTORS", value: entry, reason: "not tenant=host:port")
            }
            guard endpoints.updateValue(parts[1], forKey: parts[0]) == nil else {
                throw ConfigurationError(setting: "BATON_PLANNER_CONNECTORS", value: entry, reason: "tenant \(parts[0]) is listed twice")
            }
        }
        let fallback = environment["BATON_PLANNER_CONNECTOR_DEFAULT"].flatMap { $0.isEmpty ? nil : $0 }
        if let fallback, !Self.isAddress(fallback) {
            throw ConfigurationError(setting: "BATON_PLANNER_CONNECTOR_DEFAULT", value: fallback, reason: "not host:port")
        }
        self.init(endpoints: endpoints, defaultEndpoint: fallback, policy: policy, logger: logger)
    }

    /// The endpoint serving `tenant`, if any.
    public func endpoint(for tenant: String) -> String? {
        endpoints[tenant] ?? defaultEndpoint
    }

    /// The client of `tenant`'s connector.
    public func client(for tenant: String) throws(RPCError) -> ConnectorClient {
        guard let endpoint = endpoint(for: tenant) else {
            throw RPCError(.failedPrecondition, "tenant_id: tenant \(tenant) has no connector "
                           + "(BATON_PLANNER_CONNECTORS or BATON_PLANNER_CONNECTOR_DEFAULT)")
        }
        return clients.withLock { clients in
            if let client = clients[endpoint] { return client }
            let colon = endpoint.lastIndex(of: ":")!
            // Retries are the ConnectorClient's, with its deadlines and breaker: the channel makes one attempt. A
            // connection per event loop: a turn's look-up goes out and comes back on its handler's loop.
            let channel = RPCChannel(target: .host(String(endpoint[..<colon]), port: Int(endpoint[endpoint.index(after: colon)...])!),
                                     configuration: .init(connectionsPerAddress: RPCChannel.Configuration.eventLoopCount, maxAttempts: 1))
            let client = ConnectorClient(name: endpoint, channel: channel, policy: policy, logger: logger)
            clients[endpoint] = client
            return client
        }
    }

    /// Closes every client's channel.
    public func close() {
        for client in clients.withLock({ $0.values }) { client.client.channel.close() }
    }

    /// Whether `text` is `host:port` with a port from 1 to 65535.
    static func isAddress(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = Int(text[text.index(after: colon)...]) else { return false }
        return (1...65535).contains(port)
    }
}
