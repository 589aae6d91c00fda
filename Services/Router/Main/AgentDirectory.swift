import Foundation
import RouterCore
import Synchronization
import Wire

/// Decoded agent profiles, by tenant, agent and profile version (the row's
/// `update_time`): the dispatcher reads every available agent on each pass
/// and should not decode their protobuf each time.
final class AgentDirectory: Sendable {
    private struct Key: Hashable {
        let tenant: String
        let agent: String
    }

    private let profiles = Mutex<[Key: (version: Date, agent: Agent)]>([:])

    /// The routing view of the stored profile `bytes`, at `version`.
    func agent(tenant: String, agentID: String, version: Date, bytes: () throws -> [UInt8]) throws -> Agent {
        let key = Key(tenant: tenant, agent: agentID)
        if let cached = profiles.withLock({ $0[key] }), cached.version == version { return cached.agent }
        let agent = try Agent(proto: try RouterV1.Agent(serializedBytes: try bytes()))
        profiles.withLock { $0[key] = (version, agent) }
        return agent
    }
}
