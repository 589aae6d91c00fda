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

    /// Agents of `tenant` with a live session and a presence in
    /// `presences`, with their load: pending offers plus active assignments
    /// per channel, counted from those rows (no counter to keep hot).
    func live(tenant: String, presences: [Int64], session: PostgresSession?, pool: PostgresPool) async throws -> [AgentCandidate] {
        let agentsQuery: PostgresQuery = """
            SELECT a.agent_id, a.profile, a.update_time, a.presence, a.idle_since
            FROM router.agents a
            WHERE a.tenant_id = \(tenant) AND a.presence::int8 = ANY(\(presences)) AND a.session_expires_at > now()
            """
        let loadsQuery: PostgresQuery = """
            SELECT agent_id, channel::int8 AS channel, count(*) AS n FROM (
                SELECT agent_id, channel FROM router.offers WHERE tenant_id = \(tenant) AND state = 1
                UNION ALL
                SELECT agent_id, channel FROM router.assignments WHERE tenant_id = \(tenant) AND end_time IS NULL
            ) AS work GROUP BY agent_id, channel
            """
        let results: [PostgresRows]
        if let session {
            results = try await session.pipeline([agentsQuery, loadsQuery])
        } else {
            results = try await pool.withConnection { try await $0.pipeline([agentsQuery, loadsQuery]) }
        }
        var loads: [String: [Channel: Int]] = [:]
        for row in results[1] {
            guard let channel = Channel(rawValue: Int(try row.decode(Int64.self, "channel"))) else { continue }
            loads[try row.decode(String.self, "agent_id"), default: [:]][channel] = Int(try row.decode(Int64.self, "n"))
        }
        return try results[0].map { row in
            let agentID = try row.decode(String.self, "agent_id")
            let agent = try agent(tenant: tenant, agentID: agentID, version: try row.decode(Date.self, "update_time")) {
                [UInt8](try row.decode(Data.self, "profile"))
            }
            let presence = Presence(rawValue: Int(try row.decode(Int32.self, "presence"))) ?? .offline
            return AgentCandidate(agent: agent, status: AgentStatus(presence: presence, connected: true, load: loads[agentID] ?? [:],
                                                                    idleSince: try row.decode(Date.self, "idle_since")))
        }
    }
}
