import Foundation
import RouterCore
import Store
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

    /// The candidate in a row with `agent_id`, `profile`, `update_time`,
    /// `idle_since` and the agent's per-channel `channels` and `loads` arrays.
    func candidate(_ row: PostgresRow, tenant: String, presence: Presence) throws -> AgentCandidate {
        let agentID = try row.decode(String.self, "agent_id")
        let agent = try agent(tenant: tenant, agentID: agentID, version: try row.decode(Date.self, "update_time")) {
            [UInt8](try row.decode(Data.self, "profile"))
        }
        var load: [Channel: Int] = [:]
        for (channel, value) in zip(try row.decode([Int64].self, "channels"), try row.decode([Int64].self, "loads")) {
            if let channel = Channel(rawValue: Int(channel)) { load[channel] = Int(value) }
        }
        return AgentCandidate(agent: agent, status: AgentStatus(presence: presence, connected: true, load: load,
                                                                idleSince: try row.decode(Date.self, "idle_since")))
    }
}
