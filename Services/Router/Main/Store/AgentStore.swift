import Foundation
import RouterCore
import Store
import Wire

/// `router.agents`: profiles, presence, desk sessions and their leases,
/// and the load each agent carries (counted from offers and assignments).
struct AgentStore: Sendable {
    let pool: PostgresPool

    /// One agent with a live session, as stored: the profile is decoded by
    /// the caller, which caches it per version (`update_time`).
    struct LiveRow: Sendable {
        var agentID: String
        var profile: [UInt8]
        var version: Date
        var presence: Presence
        var idleSince: Date
        /// Pending offers plus active assignments, per channel.
        var load: [Channel: Int]
    }

    /// Stores a profile (created or replaced); true when the agent is new.
    /// Presence, sessions and work are the router's and stay as they are.
    func upsert(tenant: String, agentID: String, profile: Data, maxTotal: Int64) async throws -> Bool {
        let rows = try await pool.query("""
            INSERT INTO router.agents (tenant_id, agent_id, profile, max_total) VALUES (\(tenant), \(agentID), \(profile), \(maxTotal))
            ON CONFLICT (tenant_id, agent_id) DO UPDATE SET profile = EXCLUDED.profile, max_total = EXCLUDED.max_total,
                update_time = clock_timestamp()
            RETURNING (xmax = 0) AS created
            """)
        return try rows[0].decode(Bool.self, "created")
    }

    /// The agent with its active assignments (oldest first), nil when unknown.
    func load(tenant: String, agentID: String, session: PostgresSession? = nil) async throws -> RouterV1.Agent? {
        let query = PostgresQuery(sql: """
            SELECT \(RouterRecords.agentColumns),
                   ARRAY(SELECT s.escalation_id FROM router.assignments s
                         WHERE s.tenant_id = a.tenant_id AND s.agent_id = a.agent_id AND s.end_time IS NULL
                         ORDER BY s.start_time) AS active
            FROM router.agents a WHERE a.tenant_id = $1 AND a.agent_id = $2
            """, binds: [tenant.postgresBind, agentID.postgresBind])
        let rows: PostgresRows
        if let session { rows = try await session.query(query) } else { rows = try await pool.query(query) }
        guard let row = rows.first else { return nil }
        return try RouterRecords.agent(row, activeEscalations: try row.decode([String].self, "active"))
    }

    /// True when the agent exists.
    func exists(tenant: String, agentID: String, session: PostgresSession) async throws -> Bool {
        !(try await session.query("SELECT 1 AS one FROM router.agents WHERE tenant_id = \(tenant) AND agent_id = \(agentID)")).isEmpty
    }

    /// The agent's presence, nil when unknown.
    func presence(tenant: String, agentID: String, session: PostgresSession) async throws -> Presence? {
        let rows = try await session.query("""
            SELECT presence FROM router.agents WHERE tenant_id = \(tenant) AND agent_id = \(agentID)
            """)
        return try rows.first.flatMap { Presence(rawValue: Int(try $0.decode(Int32.self, "presence"))) }
    }

    /// Sets the agent's presence (going available clears the lapses in a
    /// row); false when the agent is unknown.
    func setPresence(tenant: String, agentID: String, to presence: Presence, session: PostgresSession) async throws -> Bool {
        let rows = try await session.query("""
            UPDATE router.agents SET presence = \(Int32(presence.rawValue)),
                consecutive_timeouts = CASE WHEN \(presence == .available) THEN 0 ELSE consecutive_timeouts END
            WHERE tenant_id = \(tenant) AND agent_id = \(agentID)
            RETURNING agent_id
            """)
        return !rows.isEmpty
    }

    /// Gives the agent to desk session `sessionID` for `lease` (available at
    /// once with `goAvailable`); false when the agent is unknown.
    func openSession(tenant: String, agentID: String, sessionID: UUID, lease: Duration, goAvailable: Bool,
                     session: PostgresSession) async throws -> Bool {
        let rows = try await session.query("""
            UPDATE router.agents SET session_id = \(sessionID),
                session_expires_at = now() + \(Int64(lease.components.seconds)) * interval '1 second',
                presence = CASE WHEN \(goAvailable) THEN \(constant: Presence.available) ELSE presence END,
                consecutive_timeouts = CASE WHEN \(goAvailable) THEN 0 ELSE consecutive_timeouts END
            WHERE tenant_id = \(tenant) AND agent_id = \(agentID)
            RETURNING agent_id
            """)
        return !rows.isEmpty
    }

    /// Ends desk session `sessionID`, if no newer session took the agent.
    func closeSession(tenant: String, agentID: String, sessionID: UUID) async throws {
        try await pool.query("""
            UPDATE router.agents SET session_id = NULL, session_expires_at = NULL, disconnected_at = now()
            WHERE tenant_id = \(tenant) AND agent_id = \(agentID) AND session_id = \(sessionID)
            """)
    }

    /// Renews the leases of the sessions given as (tenant, agent, session id)
    /// for `lease`; returns the (tenant, agent) pairs still held by them.
    func renewLeases(_ sessions: [(tenant: String, agent: String, session: UUID)], lease: Duration) async throws
        -> [(tenant: String, agent: String)] {
        let rows = try await pool.query("""
            UPDATE router.agents a SET session_expires_at = now() + \(Int64(lease.components.seconds)) * interval '1 second'
            FROM unnest(\(sessions.map(\.tenant)), \(sessions.map(\.agent)), \(sessions.map { $0.session.uuidString.lowercased() }))
                AS v(t, a, s)
            WHERE a.tenant_id = v.t AND a.agent_id = v.a AND a.session_id = v.s::uuid
            RETURNING a.tenant_id, a.agent_id
            """)
        return try rows.map { (try $0.decode(String.self, "tenant_id"), try $0.decode(String.self, "agent_id")) }
    }

    /// Agents of `tenant` with a live session and a presence in
    /// `presences`, with their load: pending offers plus active assignments
    /// per channel, counted from those rows (no counter to keep hot).
    func live(tenant: String, presences: [Presence], session: PostgresSession? = nil) async throws -> [LiveRow] {
        let agentsQuery: PostgresQuery = """
            SELECT a.agent_id, a.profile, a.update_time, a.presence, a.idle_since
            FROM router.agents a
            WHERE a.tenant_id = \(tenant) AND a.presence IN (\(constants: presences)) AND a.session_expires_at > now()
            """
        let loadsQuery: PostgresQuery = """
            SELECT agent_id, channel::int8 AS channel, count(*) AS n FROM (
                SELECT agent_id, channel FROM router.offers WHERE tenant_id = \(tenant) AND state = \(constant: StoredOfferState.pending)
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
            return LiveRow(agentID: agentID, profile: [UInt8](try row.decode(Data.self, "profile")),
                           version: try row.decode(Date.self, "update_time"),
                           presence: Presence(rawValue: Int(try row.decode(Int32.self, "presence"))) ?? .offline,
                           idleSince: try row.decode(Date.self, "idle_since"), load: loads[agentID] ?? [:])
        }
    }

    /// The agents just offered work stop being idle ("longest idle" ranks by it).
    static func markOffered(tenant: String, agentIDs: [String]) -> PostgresQuery {
        "UPDATE router.agents SET idle_since = now() WHERE tenant_id = \(tenant) AND agent_id = ANY(\(agentIDs))"
    }

    /// An answer from the agent: the count of offers lapsed in a row restarts.
    static func answered(tenant: String, agentID: String) -> PostgresQuery {
        "UPDATE router.agents SET consecutive_timeouts = 0 WHERE tenant_id = \(tenant) AND agent_id = \(agentID)"
    }

    /// Adds lapsed offers to each agent's count in a row; returns rows of
    /// `tenant_id`, `agent_id` and the new `consecutive_timeouts`.
    static func addLapses(tenants: [String], agentIDs: [String], counts: [Int64]) -> PostgresQuery {
        """
        UPDATE router.agents a SET consecutive_timeouts = a.consecutive_timeouts + v.n::int
        FROM unnest(\(tenants), \(agentIDs), \(counts)) AS v(t, id, n)
        WHERE a.tenant_id = v.t AND a.agent_id = v.id
        RETURNING a.tenant_id, a.agent_id, a.consecutive_timeouts
        """
    }

    /// The agent's active assignments and the tenant's queued escalations,
    /// for a desk's keepalive.
    func workCounts(tenant: String, agentID: String) async throws -> (active: Int, waiting: Int) {
        let rows = try await pool.query("""
            SELECT (SELECT count(*) FROM router.assignments WHERE tenant_id = \(tenant) AND agent_id = \(agentID) AND end_time IS NULL) AS active,
                   (SELECT count(*) FROM router.escalations
                    WHERE tenant_id = \(tenant) AND state = \(constant: StoredEscalationState.queued)) AS waiting
            """)
        return (Int(try rows[0].decode(Int64.self, "active")), Int(try rows[0].decode(Int64.self, "waiting")))
    }
}
