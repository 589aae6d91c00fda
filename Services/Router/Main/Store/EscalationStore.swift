import Foundation
import RouterCore
import Store
import Wire

/// `router.escalations`: each escalation as the caller sent it (the
/// `escalation` column, output-only fields cleared) and its routing state.
/// Every change of state is a conditional update on the state it expects,
/// so a late, repeated or concurrent change changes nothing.
struct EscalationStore: Sendable {
    let pool: PostgresPool
    /// Whether changes are recorded in the audit outbox (an audit service is configured).
    let audited: Bool

    private typealias State = StoredEscalationState

    // MARK: Reading

    /// The escalation, nil when unknown.
    func load(tenant: String, id: String, session: PostgresSession? = nil) async throws -> RouterV1.Escalation? {
        let query = PostgresQuery(sql: "SELECT \(RouterRecords.escalationColumns) FROM router.escalations e WHERE e.tenant_id = $1 AND e.escalation_id = $2",
                                  binds: [tenant.postgresBind, id.postgresBind])
        let rows: PostgresRows
        if let session { rows = try await session.query(query) } else { rows = try await pool.query(query) }
        return try rows.first.map(RouterRecords.escalation)
    }

    /// The digest of the Enqueue request that created the escalation, nil
    /// when unknown.
    func requestDigest(tenant: String, id: String) async throws -> Data? {
        try await pool.query("""
            SELECT request_digest FROM router.escalations WHERE tenant_id = \(tenant) AND escalation_id = \(id)
            """).first?.decode(Data.self, "request_digest")
    }

    /// Queued escalations of the queue ahead of the one with `priorityKey`
    /// and `id`, in the order passes claim them (priority key, then id, descending).
    func countAhead(tenant: String, queueID: String, priorityKey: Int64, id: String) async throws -> Int {
        let rows = try await pool.query("""
            SELECT count(*) AS ahead FROM router.escalations q
            WHERE q.tenant_id = \(tenant) AND q.queue_id = \(queueID) AND q.state = \(constant: State.queued)
              AND (q.priority_key, q.escalation_id) > (\(priorityKey), \(id))
            """)
        return Int(try rows[0].decode(Int64.self, "ahead"))
    }

    /// Tenants with queued escalations (the dispatch timer's work).
    func tenantsWithQueued() async throws -> [String] {
        try await pool.query("SELECT DISTINCT tenant_id FROM router.escalations WHERE state = \(constant: State.queued)")
            .map { try $0.decode(String.self, "tenant_id") }
    }

    /// How long the tenant's assignments of the last hour took (at most
    /// 200, oldest first).
    func recentHandleTimes(tenant: String) async throws -> [Duration] {
        let rows = try await pool.query("""
            SELECT ARRAY(SELECT (extract(epoch FROM end_time - start_time) * 1000)::int8 FROM router.assignments
                         WHERE tenant_id = \(tenant) AND end_time > now() - interval '1 hour'
                         ORDER BY end_time DESC LIMIT 200) AS handle_ms
            """)
        return try rows[0].decode([Int64].self, "handle_ms").reversed().map { Duration.milliseconds($0) }
    }

    /// Per queue of `queueIDs` (with each queue's time zone for "today"):
    /// counts by state, the longest and average waits, today's completions,
    /// the last hour's answer times and the waiting urgencies. One row per
    /// queue with escalations, keyed by `queue_id`.
    func statistics(tenant: String, queueIDs: [String], timeZones: [String]) async throws -> PostgresRows {
        try await pool.query("""
            SELECT e.queue_id,
                   count(*) FILTER (WHERE e.state = \(constant: State.queued)) AS waiting,
                   count(*) FILTER (WHERE e.state = \(constant: State.offered)) AS offered,
                   count(*) FILTER (WHERE e.state = \(constant: State.assigned)) AS assigned,
                   count(*) FILTER (WHERE e.state = \(constant: State.callbackScheduled)) AS callbacks,
                   coalesce(extract(epoch FROM max(now() - e.queued_at) FILTER (WHERE e.state = \(constant: State.queued))), 0)::float8
                       AS longest,
                   coalesce(extract(epoch FROM avg(e.assign_time - e.create_time)
                            FILTER (WHERE e.assign_time > now() - interval '1 hour')), 0)::float8 AS average,
                   count(*) FILTER (WHERE e.state = \(constant: State.completed)
                            AND e.complete_time >= date_trunc('day', now() AT TIME ZONE z.zone) AT TIME ZONE z.zone) AS completed_today,
                   ARRAY(SELECT (extract(epoch FROM x.assign_time - x.create_time) * 1000)::int8 FROM router.escalations x
                         WHERE x.tenant_id = \(tenant) AND x.queue_id = e.queue_id AND x.assign_time > now() - interval '1 hour')
                       AS answer_ms,
                   ARRAY(SELECT x.urgency::int8 FROM router.escalations x
                         WHERE x.tenant_id = \(tenant) AND x.queue_id = e.queue_id AND x.state = \(constant: State.queued))
                       AS waiting_urgencies
            FROM router.escalations e
            JOIN unnest(\(queueIDs), \(timeZones)) AS z(queue_id, zone) ON z.queue_id = e.queue_id
            WHERE e.tenant_id = \(tenant)
            GROUP BY e.queue_id
            """)
    }

    // MARK: Enqueue

    /// One Enqueue, ready to store.
    struct Admission: Sendable {
        var tenant: String
        var escalationID: String
        var queueID: String
        var state: StoredEscalationState
        /// The priority key's head start, milliseconds (the time part comes from Postgres' clock).
        var headStart: Int64
        var channel: Int32
        var onCall: Bool
        var callbackTime: Date?
        var digest: Data
        var escalation: Data
        /// The history line of an off-hours decision.
        var detail: String
        var urgency: Int32
    }

    /// Stores new escalations, many Enqueues in one statement. Returns the
    /// new rows (``RouterRecords/escalationColumns``, `admitted_tenant`,
    /// `admitted_id`, and `ahead`: the queued escalations before each); an
    /// id that exists gets no row.
    func admit(_ inputs: [Admission]) async throws -> PostgresRows {
        try await pool.query(PostgresQuery(sql: """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::int8[], $6::int4[], $7::int4[],
                                     $8::int8[], $9::bytea[], $10::bytea[], $11::text[], $12::int4[])
                    WITH ORDINALITY AS v(tenant_id, escalation_id, queue_id, state, head_start, channel, on_call,
                                         callback_us, digest, escalation, detail, urgency, n)
            ), ins AS (
                INSERT INTO router.escalations (tenant_id, escalation_id, queue_id, state, priority_key, channel, on_call,
                                                callback_time, queued_at, create_time, update_time, request_digest, escalation, urgency)
                SELECT tenant_id, escalation_id, queue_id, state,
                       head_start + (\(Priority.keyReferenceTime.wholeMillisecondsSince1970) - floor(extract(epoch FROM now()) * 1000)::int8),
                       channel, on_call <> 0,
                       CASE WHEN callback_us >= 0 THEN timestamptz 'epoch' + callback_us * interval '1 microsecond' END,
                       now(), now(), now(), digest, escalation, urgency
                FROM input ORDER BY n
                ON CONFLICT (tenant_id, escalation_id) DO NOTHING
                RETURNING *
            ), logged AS (
                -- Only off-hours decisions: the row itself says when and where it was queued.
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, detail)
                SELECT i.tenant_id, i.escalation_id, '\(EscalationEventKind.enqueued.rawValue)', v.detail
                FROM ins i JOIN input v ON v.tenant_id = i.tenant_id AND v.escalation_id = i.escalation_id
                WHERE i.on_call OR i.callback_time IS NOT NULL
            ), audited AS (
                INSERT INTO router.audit_outbox (tenant_id, escalation_id, kind, code)
                SELECT i.tenant_id, i.escalation_id, \(AuditV1.RecordKind.escalationEnqueued.rawValue), i.state FROM ins i WHERE $13
            ), ranked AS (
                -- Each new escalation's place among the queued ones, those of this batch
                -- included, in the order passes claim them: one sort of the batch with its
                -- queues, not a walk of the queue per new escalation (a new one is usually
                -- last, so that walk read the whole queue each time).
                SELECT r.tenant_id, r.escalation_id, r.fresh,
                       count(*) FILTER (WHERE r.state = \(State.queued.rawValue)) OVER (
                           PARTITION BY r.tenant_id, r.queue_id ORDER BY r.priority_key DESC, r.escalation_id DESC
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS ahead
                FROM (SELECT q.tenant_id, q.queue_id, q.priority_key, q.escalation_id, q.state, false AS fresh
                      FROM router.escalations q
                      WHERE q.state = \(State.queued.rawValue)
                        AND (q.tenant_id, q.queue_id) IN (SELECT DISTINCT tenant_id, queue_id FROM input)
                      UNION ALL
                      SELECT tenant_id, queue_id, priority_key, escalation_id, state, true FROM ins) AS r
            )
            SELECT \(RouterRecords.escalationColumns), e.tenant_id AS admitted_tenant, e.escalation_id AS admitted_id,
                   r.ahead
            FROM ins e JOIN ranked r ON r.fresh AND r.tenant_id = e.tenant_id AND r.escalation_id = e.escalation_id
            """, binds: [inputs.map(\.tenant).postgresBind, inputs.map(\.escalationID).postgresBind,
                         inputs.map(\.queueID).postgresBind, inputs.map(\.state.rawValue).postgresBind,
                         inputs.map(\.headStart).postgresBind, inputs.map(\.channel).postgresBind,
                         inputs.map { Int32($0.onCall ? 1 : 0) }.postgresBind,
                         inputs.map { $0.callbackTime?.postgresMicroseconds ?? -1 }.postgresBind,
                         inputs.map(\.digest).postgresBind, inputs.map(\.escalation).postgresBind,
                         inputs.map(\.detail).postgresBind, inputs.map(\.urgency).postgresBind, audited.postgresBind]))
    }

    // MARK: Dispatch

    /// A queued escalation claimed by a dispatch pass.
    struct Claimed: Sendable {
        var escalation: RouterV1.Escalation
        var queueID: String
        var queuedAt: Date
        var wideningStage: Int
        var offerCount: Int
        var onCallPath: Bool
        var priorityKey: Int64
        /// Agents who declined it or let an offer lapse.
        var excluded: [String]
        /// Postgres' clock when claimed.
        var now: Date
    }

    /// Claims up to `limit` of the tenant's queued escalations after `after`
    /// (priority key and id) in claim order, with row locks (`SKIP LOCKED`:
    /// another replica's pass skips them).
    func claimQueued(tenant: String, after: (key: Int64, id: String)?, limit: Int,
                     session: PostgresSession) async throws -> [Claimed] {
        let rows = try await session.query("""
            SELECT e.escalation_id, e.queue_id, e.escalation, e.queued_at, e.widening_step, e.offer_count, e.on_call,
                   e.priority_key, now() AS now,
                   -- Only an escalation offered before can have agents who declined it or let it lapse.
                   CASE WHEN e.offer_count > 0 THEN
                       ARRAY(SELECT o.agent_id FROM router.offers o
                             WHERE o.tenant_id = e.tenant_id AND o.escalation_id = e.escalation_id
                               AND o.state IN (\(constants: [StoredOfferState.declined, .expired])))
                   ELSE '{}' END AS excluded
            FROM router.escalations e
            WHERE e.tenant_id = \(tenant) AND e.state = \(constant: State.queued)
              AND (\(after?.key)::int8 IS NULL OR (e.priority_key, e.escalation_id) < (\(after?.key), \(after?.id)))
            ORDER BY e.priority_key DESC, e.escalation_id DESC
            LIMIT \(Int64(limit))
            FOR UPDATE OF e SKIP LOCKED
            """)
        return try rows.map { row in
            Claimed(escalation: try RouterV1.Escalation(serializedBytes: [UInt8](try row.decode(Data.self, "escalation"))),
                    queueID: try row.decode(String.self, "queue_id"), queuedAt: try row.decode(Date.self, "queued_at"),
                    wideningStage: Int(try row.decode(Int32.self, "widening_step")),
                    offerCount: Int(try row.decode(Int32.self, "offer_count")),
                    onCallPath: try row.decode(Bool.self, "on_call"), priorityKey: try row.decode(Int64.self, "priority_key"),
                    excluded: try row.decode([String].self, "excluded"), now: try row.decode(Date.self, "now"))
        }
    }

    /// Claimed escalations offered to their agents.
    static func markOffered(tenant: String, escalationIDs: [String], agentIDs: [String]) -> PostgresQuery {
        """
        UPDATE router.escalations e SET state = \(constant: State.offered), agent_id = v.a, offer_count = e.offer_count + 1,
            update_time = now()
        FROM unnest(\(escalationIDs), \(agentIDs)) AS v(id, a)
        WHERE e.tenant_id = \(tenant) AND e.escalation_id = v.id
        """
    }

    /// Widening stages reached.
    static func recordWidening(tenant: String, escalationIDs: [String], stages: [Int64]) -> PostgresQuery {
        """
        UPDATE router.escalations e SET widening_step = v.s, update_time = now()
        FROM unnest(\(escalationIDs), \(stages)) AS v(id, s)
        WHERE e.tenant_id = \(tenant) AND e.escalation_id = v.id
        """
    }

    /// Escalations that took the on-call path.
    static func routeOnCall(tenant: String, escalationIDs: [String]) -> PostgresQuery {
        """
        UPDATE router.escalations SET on_call = true, update_time = now()
        WHERE tenant_id = \(tenant) AND escalation_id = ANY(\(escalationIDs))
        """
    }

    /// Queued escalations that end without an agent, each with its reason.
    static func expireQueued(tenant: String, escalationIDs: [String], reasons: [ExpiryReason], audited: Bool) -> PostgresQuery {
        """
        WITH expired AS (
            UPDATE router.escalations e SET state = \(constant: State.expired), expiry_reason = v.r, update_time = now(),
                complete_time = now()
            FROM unnest(\(escalationIDs), \(reasons.map { Int32($0.rawValue) })) AS v(id, r)
            WHERE e.tenant_id = \(tenant) AND e.escalation_id = v.id AND e.state = \(constant: State.queued)
            RETURNING e.tenant_id, e.escalation_id, e.expiry_reason
        )
        INSERT INTO router.audit_outbox (tenant_id, escalation_id, kind, code)
        SELECT tenant_id, escalation_id, \(constant: AuditV1.RecordKind.escalationClosed), expiry_reason FROM expired WHERE \(audited)
        """
    }

    // MARK: Offers answered, revoked or lapsed

    /// Offered escalations whose offers were revoked go back to their queue,
    /// their place kept.
    static func requeueOffered(tenant: String, escalationIDs: [String]) -> PostgresQuery {
        """
        UPDATE router.escalations SET state = \(constant: State.queued), agent_id = NULL, update_time = now()
        WHERE tenant_id = \(tenant) AND escalation_id = ANY(\(escalationIDs)) AND state = \(constant: State.offered)
        """
    }

    /// After a decline: back to the queue, or expired at the queue's offer limit.
    static func declined(tenant: String, escalationID: String, expires: Bool) -> PostgresQuery {
        """
        UPDATE router.escalations
        SET state = CASE WHEN \(expires) THEN \(constant: State.expired) ELSE \(constant: State.queued) END, agent_id = NULL,
            expiry_reason = CASE WHEN \(expires) THEN \(constant: ExpiryReason.maxOffers) ELSE expiry_reason END,
            update_time = now(), complete_time = CASE WHEN \(expires) THEN now() END
        WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID) AND state = \(constant: State.offered)
        """
    }

    /// After lapsed offers: each escalation back to its queue, or expired at
    /// its queue's offer limit (`expires`).
    static func lapsed(tenants: [String], escalationIDs: [String], expires: [Bool]) -> PostgresQuery {
        """
        UPDATE router.escalations e
        SET state = CASE WHEN v.x THEN \(constant: State.expired) ELSE \(constant: State.queued) END, agent_id = NULL,
            expiry_reason = CASE WHEN v.x THEN \(constant: ExpiryReason.maxOffers) ELSE expiry_reason END,
            update_time = now(), complete_time = CASE WHEN v.x THEN now() END
        FROM unnest(\(tenants), \(escalationIDs), \(expires.map { $0 ? "t" : "f" })::bool[]) AS v(t, id, x)
        WHERE e.tenant_id = v.t AND e.escalation_id = v.id AND e.state = \(constant: State.offered)
        """
    }

    // MARK: Cancel, callbacks, transfer

    /// Cancels an escalation that is queued, offered or waiting for a
    /// callback; false when it is in another state.
    func cancel(tenant: String, id: String, session: PostgresSession) async throws -> Bool {
        !(try await session.query("""
            WITH cancelled AS (
                UPDATE router.escalations SET state = \(constant: State.cancelled), agent_id = NULL, update_time = now(),
                    complete_time = now()
                WHERE tenant_id = \(tenant) AND escalation_id = \(id)
                  AND state IN (\(constants: [State.queued, .offered, .callbackScheduled]))
                RETURNING tenant_id, escalation_id
            ), audited AS (
                INSERT INTO router.audit_outbox (tenant_id, escalation_id, kind, code)
                SELECT tenant_id, escalation_id, \(constant: AuditV1.RecordKind.escalationClosed), 0 FROM cancelled WHERE \(audited)
            )
            SELECT escalation_id FROM cancelled
            """)).isEmpty
    }

    /// Schedules a callback for a queued or offered escalation, storing
    /// `escalation` (with its callback); false in another state.
    func scheduleCallback(tenant: String, id: String, at time: Date, escalation: Data, session: PostgresSession) async throws -> Bool {
        !(try await session.query("""
            UPDATE router.escalations SET state = \(constant: State.callbackScheduled), agent_id = NULL, callback_time = \(time),
                escalation = \(escalation), update_time = now()
            WHERE tenant_id = \(tenant) AND escalation_id = \(id) AND state IN (\(constants: [State.queued, .offered]))
            RETURNING escalation_id
            """)).isEmpty
    }

    /// Callbacks that came due go back to the live queue (up to 500 at a
    /// time, each by one replica); returns the tenants concerned.
    func releaseDueCallbacks() async throws -> [String] {
        try await pool.query("""
            WITH due AS (
                UPDATE router.escalations SET state = \(constant: State.queued), queued_at = now(), update_time = now()
                WHERE (tenant_id, escalation_id) IN (
                    SELECT tenant_id, escalation_id FROM router.escalations
                    WHERE state = \(constant: State.callbackScheduled) AND callback_time <= now()
                    LIMIT 500 FOR UPDATE SKIP LOCKED)
                RETURNING tenant_id, escalation_id
            ), logged AS (
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind)
                SELECT tenant_id, escalation_id, \(EscalationEventKind.callbackDue) FROM due
            )
            SELECT DISTINCT tenant_id FROM due
            """).map { try $0.decode(String.self, "tenant_id") }
    }

    /// An assigned escalation back in a queue (transferred), stored as
    /// `escalation`, its place kept: the priority key still counts the time
    /// already waited.
    static func requeueTransferred(tenant: String, id: String, queueID: String, escalation: Data) -> PostgresQuery {
        """
        UPDATE router.escalations SET state = \(constant: State.queued), agent_id = NULL, queue_id = \(queueID),
            escalation = \(escalation), queued_at = now(), widening_step = 0, update_time = now()
        WHERE tenant_id = \(tenant) AND escalation_id = \(id) AND state = \(constant: State.assigned)
        """
    }

    /// A queued escalation offered straight to `agentID` (a transfer to a
    /// named agent who can take it now).
    static func offerDirectly(tenant: String, id: String, agentID: String) -> PostgresQuery {
        """
        UPDATE router.escalations SET state = \(constant: State.offered), agent_id = \(agentID), offer_count = offer_count + 1,
            update_time = now()
        WHERE tenant_id = \(tenant) AND escalation_id = \(id) AND state = \(constant: State.queued)
        """
    }

    /// Work assigned to agents with no live session for longer than
    /// `grace` goes back to its queue, its place kept (up to 200 at a time,
    /// each by one replica): the assignment ends (outcome 0) and a
    /// 'requeued' event says why. Returns the tenants concerned.
    func requeueStrandedWork(grace: Duration) async throws -> [String] {
        try await pool.query("""
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
                UPDATE router.escalations e SET state = \(constant: State.queued), agent_id = NULL, queued_at = now(),
                    widening_step = 0, update_time = now()
                FROM ended x
                WHERE e.tenant_id = x.tenant_id AND e.escalation_id = x.escalation_id AND e.state = \(constant: State.assigned)
                RETURNING e.tenant_id, e.escalation_id
            ), logged AS (
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                SELECT x.tenant_id, x.escalation_id, \(EscalationEventKind.requeued), x.agent_id,
                       'agent gone for more than ' || \(grace.wholeMilliseconds / 1000) || ' s'
                FROM ended x
            )
            SELECT DISTINCT tenant_id FROM queued
            """).map { try $0.decode(String.self, "tenant_id") }
    }
}
