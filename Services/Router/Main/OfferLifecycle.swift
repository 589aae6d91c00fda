import Foundation
import RouterCore
import Store
import Wire

/// The statements that move offers and load, shared by every path that
/// ends an offer or an assignment. All run inside the caller's transaction,
/// and lock in one order (offers, then escalations, then agents), so
/// concurrent paths wait for each other instead of deadlocking.
enum OfferLifecycle {
    /// Gives back one unit of load per (agent, channel) entry.
    static func releaseLoad(agents: [String], channels: [Int64], tenant: String) -> [PostgresQuery] {
        guard !agents.isEmpty else { return [] }
        return [
            """
            UPDATE router.agents a SET load_total = a.load_total - v.n,
                idle_since = CASE WHEN a.load_total - v.n = 0 THEN now() ELSE a.idle_since END
            FROM (SELECT x AS id, count(*) AS n FROM unnest(\(agents)) AS x GROUP BY x) AS v
            WHERE a.tenant_id = \(tenant) AND a.agent_id = v.id
            """,
            """
            UPDATE router.agent_channels c SET load = c.load - v.n
            FROM (SELECT a, ch, count(*) AS n FROM unnest(\(agents), \(channels)) AS x(a, ch) GROUP BY a, ch) AS v
            WHERE c.tenant_id = \(tenant) AND c.agent_id = v.a AND c.channel = v.ch
            """,
        ]
    }

    /// Tells the sessions of `agents` that these offers are gone.
    static func notifyRevoked(tenant: String, agents: [String], escalations: [String], offers: [String],
                              reason: RouterV1.Revocation.Reason) -> PostgresQuery {
        """
        SELECT pg_notify('baton_router', 'revoke' || chr(9) || \(tenant) || chr(9) || v.a || chr(9) || v.e || chr(9) || v.o
                                         || chr(9) || \(Int32(reason.rawValue))::text)
        FROM unnest(\(agents), \(escalations), \(offers)) AS v(a, e, o)
        """
    }

    /// Revokes every pending offer of one agent (presence changed, or set
    /// away after lapses): the escalations go back to their queues in
    /// their old place. Returns what was revoked.
    static func revokePending(ofAgent agentID: String, tenant: String, reason: RouterV1.Revocation.Reason,
                              session: PostgresSession) async throws -> [(escalation: String, offer: String)] {
        let rows = try await session.query("""
            UPDATE router.offers SET state = \(StoredState.offerRevoked), resolve_time = now()
            WHERE offer_id IN (SELECT offer_id FROM router.offers
                               WHERE tenant_id = \(tenant) AND agent_id = \(agentID) AND state = \(StoredState.offerPending)
                               FOR UPDATE)
            RETURNING offer_id::text AS offer_id, escalation_id, channel::int8 AS channel
            """)
        guard !rows.isEmpty else { return [] }
        let offers = try rows.map { try $0.decode(String.self, "offer_id") }
        let escalations = try rows.map { try $0.decode(String.self, "escalation_id") }
        let channels = try rows.map { try $0.decode(Int64.self, "channel") }
        let agents = Array(repeating: agentID, count: rows.count)
        _ = try await session.pipeline([
            """
            UPDATE router.escalations SET state = \(StoredState.queued), agent_id = NULL, update_time = now()
            WHERE tenant_id = \(tenant) AND escalation_id = ANY(\(escalations)) AND state = \(StoredState.offered)
            """,
        ] + releaseLoad(agents: agents, channels: channels, tenant: tenant)
          + [notifyRevoked(tenant: tenant, agents: agents, escalations: escalations, offers: offers, reason: reason)])
        return Array(zip(escalations, offers))
    }
}
