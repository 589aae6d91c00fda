import Foundation
import RouterCore
import Store
import Wire

/// The statements that revoke offers, shared by every path that ends
/// offers it did not answer. All run inside the caller's transaction,
/// and lock in one order (offers, then escalations, then agents), so
/// concurrent paths wait for each other instead of deadlocking.
enum OfferLifecycle {
    /// Waits for the tenant's dispatch lock and holds it to the end of the
    /// transaction: a path that takes offers away (cancel, callback, an
    /// agent going away) must not race a pass that is making one. Passes
    /// only try this lock, so waiting here cannot deadlock with them.
    static func holdDispatch(tenant: String, session: PostgresSession) async throws {
        let key = "baton.router.dispatch:\(tenant)"
        try await session.query("SELECT true AS held FROM (SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))) AS waited")
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

    /// Offers just revoked, and what follows from it.
    struct Revoked {
        var offers: [String] = []
        var escalations: [String] = []
        var agents: [String] = []

        init(_ rows: PostgresRows) throws {
            for row in rows {
                offers.append(try row.decode(String.self, "offer_id"))
                escalations.append(try row.decode(String.self, "escalation_id"))
                agents.append(try row.decode(String.self, "agent_id"))
            }
        }

        /// The agents' sessions told (their load falls with the offers' state).
        func followUp(tenant: String, reason: RouterV1.Revocation.Reason) -> [PostgresQuery] {
            guard !offers.isEmpty else { return [] }
            return [notifyRevoked(tenant: tenant, agents: agents, escalations: escalations, offers: offers, reason: reason)]
        }
    }

    /// Revokes the pending offer of one escalation (cancelled, or a
    /// callback scheduled); the caller changes the escalation's state.
    static func revokePending(ofEscalation escalationID: String, tenant: String, session: PostgresSession) async throws -> Revoked {
        try Revoked(try await session.query("""
            UPDATE router.offers SET state = \(StoredState.offerRevoked), resolve_time = now()
            WHERE offer_id IN (SELECT offer_id FROM router.offers
                               WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID) AND state = \(StoredState.offerPending)
                               FOR UPDATE)
            RETURNING offer_id::text AS offer_id, escalation_id, agent_id
            """))
    }

    /// Revokes every pending offer of one agent (presence changed, or set
    /// away after lapses): the escalations go back to their queues in
    /// their old place. Returns what was revoked.
    static func revokePending(ofAgent agentID: String, tenant: String, reason: RouterV1.Revocation.Reason,
                              session: PostgresSession) async throws -> [(escalation: String, offer: String)] {
        let revoked = try Revoked(try await session.query("""
            UPDATE router.offers SET state = \(StoredState.offerRevoked), resolve_time = now()
            WHERE offer_id IN (SELECT offer_id FROM router.offers
                               WHERE tenant_id = \(tenant) AND agent_id = \(agentID) AND state = \(StoredState.offerPending)
                               FOR UPDATE)
            RETURNING offer_id::text AS offer_id, escalation_id, agent_id
            """))
        guard !revoked.offers.isEmpty else { return [] }
        _ = try await session.pipeline([
            """
            UPDATE router.escalations SET state = \(StoredState.queued), agent_id = NULL, update_time = now()
            WHERE tenant_id = \(tenant) AND escalation_id = ANY(\(revoked.escalations)) AND state = \(StoredState.offered)
            """,
        ] + revoked.followUp(tenant: tenant, reason: reason))
        return Array(zip(revoked.escalations, revoked.offers))
    }

    /// Sets an agent's presence; going away or offline revokes their
    /// pending offers first, under the tenant's dispatch lock. With
    /// `onlyFrom`, nothing changes unless the presence is one of those (the
    /// sweeper sets away only agents still available or busy). Returns
    /// nil when there is no such agent (or it was not in `onlyFrom`).
    static func changePresence(tenant: String, agentID: String, to presence: Presence, onlyFrom: [Presence]? = nil,
                               pool: PostgresPool) async throws -> [(escalation: String, offer: String)]? {
        try await pool.transaction { session in
            var revoked: [(escalation: String, offer: String)] = []
            if presence == .away || presence == .offline {
                try await holdDispatch(tenant: tenant, session: session)
                // The agent row first when it decides whether anything happens at all.
                if let onlyFrom {
                    let current = try await session.query("""
                        SELECT presence FROM router.agents WHERE tenant_id = \(tenant) AND agent_id = \(agentID)
                        """)
                    guard let row = current.first,
                          onlyFrom.map({ Int32($0.rawValue) }).contains(try row.decode(Int32.self, "presence")) else { return nil }
                }
                revoked = try await revokePending(ofAgent: agentID, tenant: tenant, reason: .presenceChanged, session: session)
            }
            let rows = try await session.query("""
                UPDATE router.agents SET presence = \(Int32(presence.rawValue)),
                    consecutive_timeouts = CASE WHEN \(Int32(presence.rawValue)) = 1 THEN 0 ELSE consecutive_timeouts END
                WHERE tenant_id = \(tenant) AND agent_id = \(agentID)
                RETURNING agent_id
                """)
            guard !rows.isEmpty else { return nil }
            try await session.query("""
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                SELECT \(tenant), e, 'revoked', \(agentID), 'agent went away or offline' FROM unnest(\(revoked.map(\.escalation))) AS e
                """)
            return revoked
        }
    }
}
