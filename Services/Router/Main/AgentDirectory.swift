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

    private let store: AgentStore
    private let profiles = Mutex<[Key: (version: Date, agent: Agent)]>([:])

    init(store: AgentStore) {
        self.store = store
    }

    /// The routing view of the stored profile `bytes`, at `version`.
    private func agent(tenant: String, agentID: String, version: Date, bytes: [UInt8]) throws -> Agent {
        let key = Key(tenant: tenant, agent: agentID)
        if let cached = profiles.withLock({ $0[key] }), cached.version == version { return cached.agent }
        let agent = try Agent(proto: try RouterV1.Agent(serializedBytes: bytes))
        profiles.withLock { $0[key] = (version, agent) }
        return agent
    }

    /// Agents of `tenant` with a live session and a presence in
    /// `presences`, with their load (pending offers plus active assignments).
    func live(tenant: String, presences: [Presence], session: PostgresSession? = nil) async throws -> [AgentCandidate] {
        try await store.live(tenant: tenant, presences: presences, session: session).map { row in
            AgentCandidate(agent: try agent(tenant: tenant, agentID: row.agentID, version: row.version, bytes: row.profile),
                           status: AgentStatus(presence: row.presence, connected: true, load: row.load, idleSince: row.idleSince))
        }
    }
}
