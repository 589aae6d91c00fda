import Foundation
import RouterCore
import Store
import Wire

/// `router.assignments`: who works on which escalation, from the accepted
/// offer to completion (started by `OfferStore.accept`).
struct AssignmentStore: Sendable {
    let pool: PostgresPool
    /// Whether changes are recorded in the audit outbox.
    let audited: Bool

    /// One Complete of a batch.
    struct Completion: Sendable {
        var tenant: String
        var agentID: String
        var escalationID: String
        var outcome: Int32
        var notes: String
    }

    /// Completes the active assignments of `inputs` (one per escalation):
    /// the assignment ends with its outcome, the escalation completes, and
    /// notes go to its history. Returns the completed escalation rows
    /// (``RouterRecords/escalationColumns``, `completed_tenant`, `completed_id`).
    func complete(_ inputs: [Completion]) async throws -> PostgresRows {
        try await pool.query(PostgresQuery(sql: """
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
                UPDATE router.escalations x SET state = \(StoredEscalationState.completed.rawValue), outcome = s.outcome,
                    complete_time = now(), update_time = now(), agent_id = NULL
                FROM s WHERE x.tenant_id = s.tenant_id AND x.escalation_id = s.escalation_id
                  AND x.state = \(StoredEscalationState.assigned.rawValue)
                RETURNING x.*
            ), audited AS (
                INSERT INTO router.audit_outbox (tenant_id, escalation_id, kind, agent_id, code)
                SELECT s.tenant_id, s.escalation_id, \(AuditV1.RecordKind.escalationCompleted.rawValue), s.agent_id, s.outcome
                FROM s JOIN e ON e.tenant_id = s.tenant_id AND e.escalation_id = s.escalation_id WHERE $6
            ), logged AS (
                -- The assignment row has the outcome; notes, when given, go to the history.
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                SELECT tenant_id, escalation_id, '\(EscalationEventKind.completed.rawValue)', agent_id, notes FROM s WHERE notes <> ''
            )
            SELECT \(RouterRecords.escalationColumns), e.tenant_id AS completed_tenant,
                   e.escalation_id AS completed_id FROM e
            """, binds: [inputs.map(\.tenant).postgresBind, inputs.map(\.escalationID).postgresBind,
                         inputs.map(\.agentID).postgresBind, inputs.map(\.outcome).postgresBind, inputs.map(\.notes).postgresBind,
                         audited.postgresBind]))
    }

    /// Ends the agent's active assignment of the escalation as transferred;
    /// false when there was none.
    func endForTransfer(tenant: String, escalationID: String, agentID: String, session: PostgresSession) async throws -> Bool {
        !(try await session.query("""
            UPDATE router.assignments SET end_time = now(), outcome = \(Int32(RouterV1.CompletionOutcome.transferred.rawValue))
            WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID) AND agent_id = \(agentID) AND end_time IS NULL
            RETURNING channel
            """)).isEmpty
    }
}
