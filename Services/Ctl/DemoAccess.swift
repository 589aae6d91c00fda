import ArgumentParser
import Foundation
import RPC
import Synchronization

/// How the demo reaches the stack. With a gateway in the stack (deploy/local/up
/// starts one and makes the demo tenant's keys into `.baton/demo-keys.env`),
/// every call goes through it, each with the key of the person or system
/// making it: the admin sets the tenant up, the bot sends turns, a supervisor
/// approves, each agent works with its own key, an auditor verifies. Without
/// one, calls go straight to each service, as before.
final class DemoAccess: Sendable {
    /// Who makes a call.
    enum Caller: Hashable, Sendable {
        case admin, bot, supervisor, auditor
        case agent(String)

        var keyName: String {
            switch self {
            case .admin: "BATON_DEMO_KEY_ADMIN"
            case .bot: "BATON_DEMO_KEY_BOT"
            case .supervisor: "BATON_DEMO_KEY_SUPERVISOR"
            case .auditor: "BATON_DEMO_KEY_AUDITOR"
            case .agent(let id): "BATON_DEMO_KEY_AGENT_\(id.uppercased())"
            }
        }
    }

    private let endpoints: Endpoints
    /// The gateway's address, when the stack has one.
    let gateway: (host: String, port: Int)?
    private let keys: [String: String]
    private let opened = Mutex<[String: RPCChannel]>([:])

    init(endpoints: Endpoints) {
        self.endpoints = endpoints
        gateway = try? endpoints.address(of: "gateway", flag: nil)
        keys = Endpoints.localEnvironment("demo-keys.env").merging(ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("BATON_DEMO_KEY_") }) { $1 }
    }

    /// A channel to `service` for `caller`: through the gateway with the caller's key, or straight to the service.
    func channel(_ service: String, as caller: Caller) throws -> RPCChannel {
        let id = gateway == nil ? service : caller.keyName
        if let open = opened.withLock({ $0[id] }) { return open }
        let channel: RPCChannel
        if let gateway {
            guard let key = keys[caller.keyName] else {
                throw ValidationError("no \(caller.keyName): deploy/local/up writes the demo tenant's keys to .baton/demo-keys.env")
            }
            channel = RPCChannel(host: gateway.host, port: gateway.port,
                                 configuration: .init(metadata: ["authorization": "Bearer \(key)"]))
        } else {
            channel = try endpoints.channel(service, flag: service == "signals" ? endpoints.signals : nil)
        }
        opened.withLock { $0[id] = channel }
        return channel
    }

    /// Whether `service` can be reached at all (the audit log is optional in a stack).
    func reaches(_ service: String) -> Bool {
        gateway != nil || (try? endpoints.address(of: service, flag: nil)) != nil
    }

    /// Closes every channel opened.
    func close() {
        for channel in opened.withLock({ Array($0.values) }) { channel.close() }
    }
}
