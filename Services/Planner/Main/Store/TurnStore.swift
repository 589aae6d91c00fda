import Foundation
import PlannerCore
import Store
import Wire

/// `planner.turns`: every handled turn with its outcome and the policy
/// input it was decided on.
struct TurnStore: Sendable {
    let pool: PostgresPool

    /// A stored turn's outcome and the fingerprint of the request that made it.
    struct Answer: Sendable {
        var fingerprint: Data
        var outcome: PlannerV1.TurnOutcome
    }

    /// A turn as SimulatePolicy replays it.
    struct Recorded: Sendable {
        var conversationID: String
        var turnID: String
        var decision: PolicyDecision
        var ruleID: String
        var policyVersion: UInt32
        var input: PolicyInput
    }

    /// Reads a turn's stored answer (rows for ``decode(_:)``).
    static func find(tenant: String, conversation: String, turn: String) -> PostgresQuery {
        """
        SELECT fingerprint, outcome, audit_sequence FROM planner.turns
        WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND turn_id = \(turn)
        """
    }

    /// The answer `find` read, if the turn was handled, with the sequence
    /// of its audit record once appended.
    static func decode(_ rows: PostgresRows) throws -> Answer? {
        try rows.first.map {
            var outcome = try PlannerV1.TurnOutcome(serializedBytes: [UInt8](try $0.decode(Data.self, "outcome")))
            outcome.auditSequence = max(outcome.auditSequence, UInt64(clamping: try $0.decode(Int64.self, "audit_sequence")))
            return Answer(fingerprint: try $0.decode(Data.self, "fingerprint"), outcome: outcome)
        }
    }

    /// The turn's stored answer, if it was handled.
    func find(tenant: String, conversation: String, turn: String) async throws -> Answer? {
        try Self.decode(try await pool.query(Self.find(tenant: tenant, conversation: conversation, turn: turn)))
    }

    /// Records a handled turn; a second record of one turn violates the primary key.
    static func insert(tenant: String, conversation: String, fingerprint: Data, decision: PolicyDecision, ruleID: String,
                       input: PolicyInput, outcome: PlannerV1.TurnOutcome) throws -> PostgresQuery {
        let json = String(decoding: try input.jsonBytes(), as: UTF8.self)
        return """
            INSERT INTO planner.turns (tenant_id, conversation_id, turn_id, fingerprint, decision, rule_id, policy_version,
                policy_input, outcome)
            VALUES (\(tenant), \(conversation), \(outcome.turnID), \(fingerprint), \(decision.rawValue), \(ruleID),
                \(Int32(outcome.policyVersion)), \(json)::jsonb, \(Data(outcome.serializedBytes())))
            """
    }

    /// Replaces a turn's outcome once the work after its decision is done
    /// (the wait estimate, the package; the audit sequence is kept apart,
    /// by ``AuditOutboxStore/shipped(_:)-swift.type.method``).
    static func complete(tenant: String, conversation: String, outcome: PlannerV1.TurnOutcome) -> PostgresQuery {
        """
        UPDATE planner.turns SET outcome = \(Data(outcome.serializedBytes()))
        WHERE tenant_id = \(tenant) AND conversation_id = \(conversation) AND turn_id = \(outcome.turnID)
        """
    }

    /// Turns decided in [start, end), newest first, at most `limit`.
    func recorded(tenant: String, start: Date, end: Date, limit: Int) async throws -> [Recorded] {
        let decoder = JSONDecoder()
        return try await pool.query("""
            SELECT conversation_id, turn_id, decision, rule_id, policy_version, policy_input::text AS input FROM planner.turns
            WHERE tenant_id = \(tenant) AND decided_at >= \(start) AND decided_at < \(end)
            ORDER BY decided_at DESC LIMIT \(Int64(limit))
            """).map { row in
            Recorded(conversationID: try row.decode(String.self, "conversation_id"), turnID: try row.decode(String.self, "turn_id"),
                     decision: PolicyDecision(rawValue: try row.decode(String.self, "decision")) ?? .continue,
                     ruleID: try row.decode(String.self, "rule_id"),
                     policyVersion: UInt32(try row.decode(Int32.self, "policy_version")),
                     input: try decoder.decode(PolicyInput.self, from: Data(try row.decode(String.self, "input").utf8)))
        }
    }
}
