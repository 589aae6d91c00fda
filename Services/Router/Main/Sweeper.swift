import Foundation
import Logging
import RouterCore
import Store
import Wire

/// The router's timers, safe on every replica at once: offers that lapsed
/// (claimed with `FOR UPDATE SKIP LOCKED`, so each is handled once),
/// callbacks that came due, and work stranded with agents who left.
struct Sweeper: Sendable {
    let pool: PostgresPool
    let queues: QueueDirectory
    let dispatcher: Dispatcher
    let logger: Logger

    /// Assigned work of agents with no live session for longer than `grace`
    /// (the session ended, or its lease lapsed with its replica) goes back
    /// to its queue, its place kept: no conversation stays with an agent who
    /// is gone. The assignment ends (outcome 0) and a 'requeued' event says why.
    func requeueStrandedWork(grace: Duration) async throws {
        let rows = try await pool.query("""
            WITH stranded AS (
                SELECT s.tenant_id, s.escalation_id, s.agent_id
                FROM router.assignments s
                JOIN router.agents a ON a.tenant_id = s.tenant_id AND a.agent_id = s.agent_id
                WHERE s.end_time IS NULL
                  AND (a.session_expires_at IS NULL OR a.session_expires_at < now())
                  AND greatest(coalesce(a.session_expires_at, a.disconnected_at, s.start_time), s.start_time)
                      < now() - \(grace.wholeMilliseconds) * interval '1 millisecond'
                ORDER BY s.tenant_id, s.escalation_id
                LIMIT 200
                FOR UPDATE OF s SKIP LOCKED
            ), ended AS (
                UPDATE router.assignments s SET end_time = now(), outcome = 0
                FROM stranded x
                WHERE s.tenant_id = x.tenant_id AND s.escalation_id = x.escalation_id AND s.end_time IS NULL
                RETURNING s.tenant_id, s.escalation_id, s.agent_id
            ), queued AS (
                UPDATE router.escalations e SET state = \(StoredState.queued), agent_id = NULL, queued_at = now(),
                    widening_step = 0, update_time = now()
                FROM ended x
                WHERE e.tenant_id = x.tenant_id AND e.escalation_id = x.escalation_id AND e.state = \(StoredState.assigned)
                RETURNING e.tenant_id, e.escalation_id
            ), logged AS (
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                SELECT x.tenant_id, x.escalation_id, 'requeued', x.agent_id,
                       'agent gone for more than ' || \(grace.wholeMilliseconds / 1000) || ' s'
                FROM ended x
            )
            SELECT DISTINCT tenant_id FROM queued
            """)
        for row in rows {
            let tenant = try row.decode(String.self, "tenant_id")
            logger.info("work of agents gone back to the queue", metadata: ["tenant": "\(tenant)"])
            dispatcher.request(tenant)
        }
    }

    /// Lapsed offers: the escalation goes back to its queue (or expires at
    /// the queue's offer limit), the agent's load is released, and an agent
    /// who let `awayAfterConsecutiveTimeouts` offers lapse in a row is set
    /// away, with their other pending offers revoked.
    func expireOffers() async throws {
        var tenants = Set<String>()
        while true {
            // Queue rules are read before any row is locked: no second connection while holding locks.
            let due = try await pool.query("""
                SELECT DISTINCT tenant_id FROM router.offers WHERE state = \(StoredState.offerPending) AND expire_time <= now()
                """)
            guard !due.isEmpty else { break }
            var policies: [String: [String: OfferPolicy]] = [:]
            for row in due {
                let tenant = try row.decode(String.self, "tenant_id")
                policies[tenant] = try await queues.queues(of: tenant).mapValues(\.offers)
            }
            let (count, touched, away) = try await expireBatch(policies: policies)
            tenants.formUnion(touched)
            for (tenant, agent) in away {
                // Its own transaction, as SetAgentPresence does it: under the dispatch lock, offers before the agent.
                if try await OfferLifecycle.changePresence(tenant: tenant, agentID: agent, to: .away, onlyFrom: [.available, .busy],
                                                           pool: pool) != nil {
                    logger.info("agent set away after lapsed offers", metadata: ["tenant": "\(tenant)", "agent": "\(agent)"])
                }
            }
            if count < 200 { break }
        }
        for tenant in tenants { dispatcher.request(tenant) }
    }

    private func expireBatch(policies: [String: [String: OfferPolicy]]) async throws
        -> (Int, Set<String>, [(tenant: String, agent: String)]) {
        try await pool.transaction { session in
            let rows = try await session.query("""
                SELECT o.offer_id::text AS offer_id, o.tenant_id, o.escalation_id, o.agent_id, o.channel::int8 AS channel,
                       e.offer_count, e.queue_id
                FROM router.offers o
                JOIN router.escalations e ON e.tenant_id = o.tenant_id AND e.escalation_id = o.escalation_id
                WHERE o.state = \(StoredState.offerPending) AND o.expire_time <= now()
                ORDER BY o.expire_time
                LIMIT 200
                FOR UPDATE OF o, e SKIP LOCKED
                """)
            guard !rows.isEmpty else { return (0, [], []) }
            struct Lapsed {
                var offer: String, tenant: String, escalation: String, agent: String, channel: Int64, expires: Bool
            }
            var lapsed: [Lapsed] = []
            // Lapses per agent in this batch, added to the stored count by the
            // update itself (another replica or an answer may change it meanwhile).
            var lapses: [String: (tenant: String, agent: String, count: Int)] = [:]
            for row in rows {
                let tenant = try row.decode(String.self, "tenant_id")
                let agent = try row.decode(String.self, "agent_id")
                let policy = policies[tenant]?[try row.decode(String.self, "queue_id")] ?? OfferPolicy()
                let offerCount = Int(try row.decode(Int32.self, "offer_count"))
                let expires = policy.maxOffers > 0 && offerCount >= policy.maxOffers
                lapses[tenant + "\u{1F}" + agent, default: (tenant, agent, 0)].count += 1
                lapsed.append(Lapsed(offer: try row.decode(String.self, "offer_id"), tenant: tenant,
                                     escalation: try row.decode(String.self, "escalation_id"), agent: agent,
                                     channel: try row.decode(Int64.self, "channel"), expires: expires))
            }
            let statements: [PostgresQuery] = [
                """
                UPDATE router.offers SET state = \(StoredState.offerExpired), resolve_time = now()
                WHERE offer_id = ANY(\(lapsed.map(\.offer))::uuid[])
                """,
                """
                UPDATE router.escalations e SET state = CASE WHEN v.x THEN \(StoredState.expired) ELSE \(StoredState.queued) END,
                    agent_id = NULL, update_time = now(), complete_time = CASE WHEN v.x THEN now() END
                FROM unnest(\(lapsed.map(\.tenant)), \(lapsed.map(\.escalation)), \(lapsed.map { $0.expires ? "t" : "f" })::bool[]) AS v(t, id, x)
                WHERE e.tenant_id = v.t AND e.escalation_id = v.id AND e.state = \(StoredState.offered)
                """,
                """
                UPDATE router.agents a SET consecutive_timeouts = a.consecutive_timeouts + v.n::int
                FROM unnest(\(lapses.values.map(\.tenant)), \(lapses.values.map(\.agent)), \(lapses.values.map { Int64($0.count) })) AS v(t, id, n)
                WHERE a.tenant_id = v.t AND a.agent_id = v.id
                RETURNING a.tenant_id, a.agent_id, a.consecutive_timeouts
                """,
                """
                SELECT pg_notify('baton_router', 'revoke' || chr(9) || v.t || chr(9) || v.a || chr(9) || v.e || chr(9) || v.o || chr(9)
                                                 || \(Int32(RouterV1.Revocation.Reason.offerExpired.rawValue))::text)
                FROM unnest(\(lapsed.map(\.tenant)), \(lapsed.map(\.agent)), \(lapsed.map(\.escalation)), \(lapsed.map(\.offer))) AS v(t, a, e, o)
                """,
            ]
            let results = try await session.pipeline(statements)
            // Agents whose lapses in a row reached the limit: set away after this commits.
            let away = try results[2].compactMap { row -> (tenant: String, agent: String)? in
                try row.decode(Int32.self, "consecutive_timeouts") >= Int32(QueueDirectory.awayAfterConsecutiveTimeouts)
                    ? (try row.decode(String.self, "tenant_id"), try row.decode(String.self, "agent_id")) : nil
            }
            return (rows.count, Set(lapsed.map(\.tenant)), away)
        }
    }

    /// Callbacks that came due go back to the live queue.
    func releaseDueCallbacks() async throws {
        let rows = try await pool.query("""
            WITH due AS (
                UPDATE router.escalations SET state = \(StoredState.queued), queued_at = now(), update_time = now()
                WHERE (tenant_id, escalation_id) IN (
                    SELECT tenant_id, escalation_id FROM router.escalations
                    WHERE state = \(StoredState.callbackScheduled) AND callback_time <= now()
                    LIMIT 500 FOR UPDATE SKIP LOCKED)
                RETURNING tenant_id, escalation_id
            ), logged AS (
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind) SELECT tenant_id, escalation_id, 'callback_due' FROM due
            )
            SELECT DISTINCT tenant_id FROM due
            """)
        for row in rows { dispatcher.request(try row.decode(String.self, "tenant_id")) }
    }
}
