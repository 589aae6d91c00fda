import Foundation
import RouterCore
import Store
import Wire

/// `router.offers`: one row per offer of an escalation to an agent, pending
/// until accepted, declined, lapsed or revoked. At most one pending offer
/// per escalation (a unique partial index), and no agent above capacity
/// (a statement trigger): the database's last word whatever a replica does.
struct OfferStore: Sendable {
    let pool: PostgresPool
    /// Whether changes are recorded in the audit outbox.
    let audited: Bool

    /// One offer to insert.
    struct NewOffer: Sendable {
        var offerID: String
        var escalationID: String
        var agentID: String
        var channel: Int64
        var timeoutMilliseconds: Int64
        /// Why this agent.
        var reason: String
    }

    /// Inserts `offers`, pending until their timeout.
    static func insert(_ offers: [NewOffer], tenant: String) -> PostgresQuery {
        """
        INSERT INTO router.offers (offer_id, tenant_id, escalation_id, agent_id, channel, reason, state, expire_time)
        SELECT v.o::uuid, \(tenant), v.e, v.a, v.c, v.r, \(constant: StoredOfferState.pending), now() + v.t * interval '1 millisecond'
        FROM unnest(\(offers.map(\.offerID)), \(offers.map(\.escalationID)), \(offers.map(\.agentID)), \(offers.map(\.channel)),
                    \(offers.map(\.reason)), \(offers.map(\.timeoutMilliseconds))) AS v(o, e, a, c, r, t)
        """
    }

    /// One Accept of a batch.
    struct Acceptance: Sendable, Hashable {
        var tenant: String
        var agentID: String
        var offerID: String
    }

    /// Accepts the pending, unexpired offers of `inputs` (distinct offer ids,
    /// lowercased): each offer accepted, its escalation assigned and an
    /// assignment started, in one statement. Returns the assigned escalation
    /// rows (``RouterRecords/escalationColumns`` and `accepted_offer_id`).
    func accept(_ inputs: [Acceptance]) async throws -> PostgresRows {
        try await pool.query(PostgresQuery(sql: """
            WITH input AS (
                SELECT * FROM unnest($1::text[]::uuid[], $2::text[], $3::text[]) AS v(offer_id, tenant_id, agent_id)
            ), o AS (
                UPDATE router.offers f SET state = \(StoredOfferState.accepted.rawValue), resolve_time = now()
                FROM input i
                WHERE f.offer_id = i.offer_id AND f.tenant_id = i.tenant_id AND f.agent_id = i.agent_id
                  AND f.state = \(StoredOfferState.pending.rawValue) AND f.expire_time > now()
                RETURNING f.offer_id, f.tenant_id, f.agent_id, f.escalation_id, f.channel
            ), e AS (
                UPDATE router.escalations x SET state = \(StoredEscalationState.assigned.rawValue), assign_time = now(),
                    update_time = now(), last_agent_id = o.agent_id
                FROM o WHERE x.tenant_id = o.tenant_id AND x.escalation_id = o.escalation_id
                  AND x.state = \(StoredEscalationState.offered.rawValue) AND x.agent_id = o.agent_id
                RETURNING x.*, o.offer_id AS accepted_offer_id, o.channel AS offer_channel
            ), assigned AS (
                -- From the escalation's update: no assignment unless it really moved to assigned.
                INSERT INTO router.assignments (tenant_id, escalation_id, agent_id, channel, offer_id)
                SELECT tenant_id, escalation_id, agent_id, offer_channel, accepted_offer_id FROM e
            ), audited AS (
                INSERT INTO router.audit_outbox (tenant_id, escalation_id, kind, agent_id)
                SELECT tenant_id, escalation_id, \(AuditV1.RecordKind.escalationAssigned.rawValue), agent_id FROM e WHERE $4
            ), answered AS (
                -- Only when it changes: an unchanged agent row is not locked.
                UPDATE router.agents a SET consecutive_timeouts = 0
                FROM (SELECT DISTINCT tenant_id, agent_id FROM o) AS d
                WHERE a.tenant_id = d.tenant_id AND a.agent_id = d.agent_id AND a.consecutive_timeouts <> 0
            )
            SELECT \(RouterRecords.escalationColumns), e.accepted_offer_id::text AS accepted_offer_id FROM e
            """, binds: [inputs.map(\.offerID).postgresBind, inputs.map(\.tenant).postgresBind, inputs.map(\.agentID).postgresBind,
                         audited.postgresBind]))
    }

    /// A declined offer: its escalation, how many offers it had, and its queue.
    struct Declined: Sendable {
        var escalationID: String
        var offerCount: Int
        var queueID: String
    }

    /// Declines the agent's pending offer; nil when it was not pending.
    func decline(offerID: String, tenant: String, agentID: String, session: PostgresSession) async throws -> Declined? {
        let rows = try await session.query("""
            WITH declined AS (
                UPDATE router.offers SET state = \(constant: StoredOfferState.declined), resolve_time = now()
                WHERE offer_id = \(offerID)::uuid AND tenant_id = \(tenant) AND agent_id = \(agentID)
                  AND state = \(constant: StoredOfferState.pending)
                RETURNING escalation_id, channel
            )
            SELECT d.escalation_id, e.offer_count, e.queue_id
            FROM declined d JOIN router.escalations e ON e.tenant_id = \(tenant) AND e.escalation_id = d.escalation_id
            """)
        return try rows.first.map {
            Declined(escalationID: try $0.decode(String.self, "escalation_id"),
                     offerCount: Int(try $0.decode(Int32.self, "offer_count")), queueID: try $0.decode(String.self, "queue_id"))
        }
    }

    /// Offers just revoked.
    struct Revoked: Sendable {
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

        /// The notifications that tell each agent's session.
        func notifications(tenant: String, reason: RouterV1.Revocation.Reason) -> [RouterNotification] {
            (0..<offers.count).map {
                .revocation(tenant: tenant, agent: agents[$0], escalationID: escalations[$0], offerID: offers[$0], reason: reason)
            }
        }
    }

    /// Revokes the pending offer of one escalation; the caller changes the
    /// escalation's state. Locks the offer before the escalation, as every
    /// path does.
    func revokePending(ofEscalation escalationID: String, tenant: String, session: PostgresSession) async throws -> Revoked {
        try Revoked(try await session.query("""
            UPDATE router.offers SET state = \(constant: StoredOfferState.revoked), resolve_time = now()
            WHERE offer_id IN (SELECT offer_id FROM router.offers
                               WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID)
                                 AND state = \(constant: StoredOfferState.pending)
                               FOR UPDATE)
            RETURNING offer_id::text AS offer_id, escalation_id, agent_id
            """))
    }

    /// Revokes every pending offer of one agent.
    func revokePending(ofAgent agentID: String, tenant: String, session: PostgresSession) async throws -> Revoked {
        try Revoked(try await session.query("""
            UPDATE router.offers SET state = \(constant: StoredOfferState.revoked), resolve_time = now()
            WHERE offer_id IN (SELECT offer_id FROM router.offers
                               WHERE tenant_id = \(tenant) AND agent_id = \(agentID) AND state = \(constant: StoredOfferState.pending)
                               FOR UPDATE)
            RETURNING offer_id::text AS offer_id, escalation_id, agent_id
            """))
    }

    /// Tenants with pending offers past their expiry.
    func tenantsWithLapsedOffers() async throws -> [String] {
        try await pool.query("""
            SELECT DISTINCT tenant_id FROM router.offers
            WHERE state = \(constant: StoredOfferState.pending) AND expire_time <= now()
            """).map { try $0.decode(String.self, "tenant_id") }
    }

    /// A pending offer past its expiry, claimed with its escalation.
    struct Lapsed: Sendable {
        var offerID: String
        var tenant: String
        var escalationID: String
        var agentID: String
        var offerCount: Int
        var queueID: String
    }

    /// Claims up to `limit` lapsed offers with their escalations (row locks,
    /// `SKIP LOCKED`: each is handled by one replica), oldest first.
    func claimLapsed(limit: Int, session: PostgresSession) async throws -> [Lapsed] {
        try await session.query("""
            SELECT o.offer_id::text AS offer_id, o.tenant_id, o.escalation_id, o.agent_id, e.offer_count, e.queue_id
            FROM router.offers o
            JOIN router.escalations e ON e.tenant_id = o.tenant_id AND e.escalation_id = o.escalation_id
            WHERE o.state = \(constant: StoredOfferState.pending) AND o.expire_time <= now()
            ORDER BY o.expire_time
            LIMIT \(Int64(limit))
            FOR UPDATE OF o, e SKIP LOCKED
            """).map { row in
            Lapsed(offerID: try row.decode(String.self, "offer_id"), tenant: try row.decode(String.self, "tenant_id"),
                   escalationID: try row.decode(String.self, "escalation_id"), agentID: try row.decode(String.self, "agent_id"),
                   offerCount: Int(try row.decode(Int32.self, "offer_count")), queueID: try row.decode(String.self, "queue_id"))
        }
    }

    /// Marks claimed lapsed offers expired.
    static func expire(offerIDs: [String]) -> PostgresQuery {
        """
        UPDATE router.offers SET state = \(constant: StoredOfferState.expired), resolve_time = now()
        WHERE offer_id = ANY(\(offerIDs)::uuid[])
        """
    }

    /// The agent's pending, unexpired offers with their escalations
    /// (``RouterRecords/escalationColumns``, `offer_id`, `expire_time`), oldest first.
    func pending(tenant: String, agentID: String) async throws -> PostgresRows {
        try await pool.query(PostgresQuery(sql: """
            SELECT o.offer_id::text AS offer_id, o.expire_time, \(RouterRecords.escalationColumns)
            FROM router.offers o JOIN router.escalations e ON e.tenant_id = o.tenant_id AND e.escalation_id = o.escalation_id
            WHERE o.tenant_id = $1 AND o.agent_id = $2 AND o.state = \(StoredOfferState.pending.rawValue) AND o.expire_time > now()
            ORDER BY o.create_time
            """, binds: [tenant.postgresBind, agentID.postgresBind]))
    }

    /// What became of an offer, for explaining an answer that changed nothing.
    struct Answer: Sendable {
        var agentKnown: Bool
        /// The offer's agent; nil when there is no such offer in the tenant.
        var owner: String?
        var state: StoredOfferState?
        var lapsed: Bool
    }

    /// The state of `offerID` and whether `agentID` exists.
    func answer(offerID: String, tenant: String, agentID: String, session: PostgresSession) async throws -> Answer {
        let row = try await session.query("""
            SELECT o.agent_id, o.state, o.expire_time <= now() AS lapsed,
                   EXISTS (SELECT 1 FROM router.agents a WHERE a.tenant_id = \(tenant) AND a.agent_id = \(agentID)) AS agent_known
            FROM (SELECT 1) AS one LEFT JOIN router.offers o ON o.offer_id = \(offerID)::uuid AND o.tenant_id = \(tenant)
            """)[0]
        return Answer(agentKnown: try row.decode(Bool.self, "agent_known"), owner: try row.decode(String?.self, "agent_id"),
                      state: try row.decode(Int32?.self, "state").flatMap(StoredOfferState.init(rawValue:)),
                      lapsed: try row.decode(Bool?.self, "lapsed") ?? false)
    }
}
