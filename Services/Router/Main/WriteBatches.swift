import Foundation
import RouterCore
import Store

/// Enqueues, accepts and completions, many callers per statement: each RPC
/// submits its write and the ones that arrive while a statement runs share
/// the next, one round trip and one commit for all (``StatementBatcher``).
/// The conditions are those of a single write, so a late, repeated or
/// concurrent one still changes nothing; a write that matched no row gets
/// nil and its RPC explains why.
struct WriteBatches: Sendable {
    /// One Enqueue, ready to store.
    struct Admission: Sendable {
        var tenant: String
        var escalationID: String
        var queueID: String
        var state: Int32
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

    /// One Accept.
    struct Acceptance: Sendable, Hashable {
        var tenant: String
        var agentID: String
        var offerID: String
    }

    /// One Complete.
    struct Completion: Sendable {
        var tenant: String
        var agentID: String
        var escalationID: String
        var outcome: Int32
        var notes: String
    }

    /// How a batch's rows are matched back to its inputs.
    private struct Key: Hashable {
        var tenant: String
        var escalationID: String
    }

    let admissions: StatementBatcher<Admission, PostgresRow?>
    let accepts: StatementBatcher<Acceptance, PostgresRow?>
    let completions: StatementBatcher<Completion, PostgresRow?>

    init(pool: PostgresPool) {
        admissions = StatementBatcher { inputs in try await Self.admit(inputs, pool: pool) }
        accepts = StatementBatcher { inputs in try await Self.accept(inputs, pool: pool) }
        completions = StatementBatcher { inputs in try await Self.complete(inputs, pool: pool) }
    }

    /// The new escalation rows (``RouterRecords/escalationColumns`` and `ahead`, the
    /// queued escalations before each), in input order; nil for an id that exists.
    static func admit(_ inputs: [Admission], pool: PostgresPool) async throws -> [Result<PostgresRow?, any Error>] {
        let rows = try await pool.query(PostgresQuery(sql: """
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
                SELECT i.tenant_id, i.escalation_id, 'enqueued', v.detail
                FROM ins i JOIN input v ON v.tenant_id = i.tenant_id AND v.escalation_id = i.escalation_id
                WHERE i.on_call OR i.callback_time IS NOT NULL
            ), ranked AS (
                -- Each new escalation's place among the queued ones, those of this batch
                -- included, in the order passes claim them: one sort of the batch with its
                -- queues, not a walk of the queue per new escalation (a new one is usually
                -- last, so that walk read the whole queue each time).
                SELECT r.tenant_id, r.escalation_id, r.fresh,
                       count(*) FILTER (WHERE r.state = \(StoredState.queued)) OVER (
                           PARTITION BY r.tenant_id, r.queue_id ORDER BY r.priority_key DESC, r.escalation_id DESC
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS ahead
                FROM (SELECT q.tenant_id, q.queue_id, q.priority_key, q.escalation_id, q.state, false AS fresh
                      FROM router.escalations q
                      WHERE q.state = \(StoredState.queued)
                        AND (q.tenant_id, q.queue_id) IN (SELECT DISTINCT tenant_id, queue_id FROM input)
                      UNION ALL
                      SELECT tenant_id, queue_id, priority_key, escalation_id, state, true FROM ins) AS r
            )
            SELECT \(RouterRecords.escalationColumns), e.tenant_id AS admitted_tenant, e.escalation_id AS admitted_id,
                   r.ahead
            FROM ins e JOIN ranked r ON r.fresh AND r.tenant_id = e.tenant_id AND r.escalation_id = e.escalation_id
            """, binds: [inputs.map(\.tenant).postgresBind, inputs.map(\.escalationID).postgresBind,
                         inputs.map(\.queueID).postgresBind, inputs.map(\.state).postgresBind,
                         inputs.map(\.headStart).postgresBind, inputs.map(\.channel).postgresBind,
                         inputs.map { Int32($0.onCall ? 1 : 0) }.postgresBind,
                         inputs.map { $0.callbackTime.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) } ?? -1 }.postgresBind,
                         inputs.map(\.digest).postgresBind, inputs.map(\.escalation).postgresBind,
                         inputs.map(\.detail).postgresBind, inputs.map(\.urgency).postgresBind]))
        var byKey: [Key: PostgresRow] = [:]
        for row in rows {
            byKey[Key(tenant: try row.decode(String.self, "admitted_tenant"),
                      escalationID: try row.decode(String.self, "admitted_id"))] = row
        }
        // The same id twice in one batch: the first is stored, the others find it there.
        return inputs.map { .success(byKey.removeValue(forKey: Key(tenant: $0.tenant, escalationID: $0.escalationID))) }
    }

    /// The escalation rows (``RouterRecords/escalationColumns``) of the accepted offers, in input order.
    static func accept(_ inputs: [Acceptance], pool: PostgresPool) async throws -> [Result<PostgresRow?, any Error>] {
        // The same offer twice in one batch: the first decides, the others see it taken.
        let unique = Array(Set(inputs.map { Acceptance(tenant: $0.tenant, agentID: $0.agentID, offerID: $0.offerID.lowercased()) }))
        let rows = try await pool.query(PostgresQuery(sql: """
            WITH input AS (
                SELECT * FROM unnest($1::text[]::uuid[], $2::text[], $3::text[]) AS v(offer_id, tenant_id, agent_id)
            ), o AS (
                UPDATE router.offers f SET state = \(StoredState.offerAccepted), resolve_time = now()
                FROM input i
                WHERE f.offer_id = i.offer_id AND f.tenant_id = i.tenant_id AND f.agent_id = i.agent_id
                  AND f.state = \(StoredState.offerPending) AND f.expire_time > now()
                RETURNING f.offer_id, f.tenant_id, f.agent_id, f.escalation_id, f.channel
            ), e AS (
                UPDATE router.escalations x SET state = \(StoredState.assigned), assign_time = now(), update_time = now()
                FROM o WHERE x.tenant_id = o.tenant_id AND x.escalation_id = o.escalation_id
                  AND x.state = \(StoredState.offered) AND x.agent_id = o.agent_id
                RETURNING x.*, o.offer_id AS accepted_offer_id, o.channel AS offer_channel
            ), assigned AS (
                -- From the escalation's update: no assignment unless it really moved to assigned.
                INSERT INTO router.assignments (tenant_id, escalation_id, agent_id, channel, offer_id)
                SELECT tenant_id, escalation_id, agent_id, offer_channel, accepted_offer_id FROM e
            ), answered AS (
                -- Only when it changes: an unchanged agent row is not locked.
                UPDATE router.agents a SET consecutive_timeouts = 0
                FROM (SELECT DISTINCT tenant_id, agent_id FROM o) AS d
                WHERE a.tenant_id = d.tenant_id AND a.agent_id = d.agent_id AND a.consecutive_timeouts <> 0
            )
            SELECT \(RouterRecords.escalationColumns), e.accepted_offer_id::text AS accepted_offer_id FROM e
            """, binds: [unique.map(\.offerID).postgresBind, unique.map(\.tenant).postgresBind, unique.map(\.agentID).postgresBind]))
        var byOffer: [String: PostgresRow] = [:]
        for row in rows { byOffer[try row.decode(String.self, "accepted_offer_id")] = row }
        return inputs.map { input in .success(byOffer.removeValue(forKey: input.offerID.lowercased())) }
    }

    /// The escalation rows of the completed assignments, in input order.
    static func complete(_ inputs: [Completion], pool: PostgresPool) async throws -> [Result<PostgresRow?, any Error>] {
        var seen = Set<Key>()
        let unique = inputs.filter { seen.insert(Key(tenant: $0.tenant, escalationID: $0.escalationID)).inserted }
        let rows = try await pool.query(PostgresQuery(sql: """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::text[])
                    AS v(tenant_id, escalation_id, agent_id, outcome, notes)
            ), s AS (
                UPDATE router.assignments a SET end_time = now(), outcome = i.outcome
                FROM input i
                WHERE a.tenant_id = i.tenant_id AND a.escalation_id = i.escalation_id AND a.agent_id = i.agent_id
                  AND a.end_time IS NULL
                RETURNING a.tenant_id, a.escalation_id, a.agent_id, i.outcome, i.notes
            ), e AS (
                UPDATE router.escalations x SET state = \(StoredState.completed), outcome = s.outcome, complete_time = now(),
                    update_time = now(), agent_id = NULL
                FROM s WHERE x.tenant_id = s.tenant_id AND x.escalation_id = s.escalation_id AND x.state = \(StoredState.assigned)
                RETURNING x.*
            ), logged AS (
                -- The assignment row has the outcome; notes, when given, go to the history.
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                SELECT tenant_id, escalation_id, 'completed', agent_id, notes FROM s WHERE notes <> ''
            )
            SELECT \(RouterRecords.escalationColumns), e.tenant_id AS completed_tenant,
                   e.escalation_id AS completed_id FROM e
            """, binds: [unique.map(\.tenant).postgresBind, unique.map(\.escalationID).postgresBind,
                         unique.map(\.agentID).postgresBind, unique.map(\.outcome).postgresBind, unique.map(\.notes).postgresBind]))
        var byKey: [Key: PostgresRow] = [:]
        for row in rows {
            byKey[Key(tenant: try row.decode(String.self, "completed_tenant"),
                      escalationID: try row.decode(String.self, "completed_id"))] = row
        }
        return inputs.map { .success(byKey.removeValue(forKey: Key(tenant: $0.tenant, escalationID: $0.escalationID))) }
    }
}
