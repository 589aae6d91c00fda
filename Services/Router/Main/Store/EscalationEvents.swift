import Store

/// What happened to an escalation beyond its offers and assignments (which
/// are their own record), as `router.escalation_events.kind`.
enum EscalationEventKind: String, Sendable {
    case enqueued
    case widened
    case onCall = "on_call"
    case expired
    case cancelled
    case callbackScheduled = "callback_scheduled"
    case callbackDue = "callback_due"
    case declined
    case declinedAndExpired = "declined_and_expired"
    case transferred
    case revoked
    case requeued
    case completed
}

extension EscalationEventKind: PostgresEncodable {
    static var postgresType: UInt32 { String.postgresType }
    var postgresBind: PostgresBind { rawValue.postgresBind }
}

/// `router.escalation_events`: the history of each escalation, appended to
/// in the transaction of the change it records.
enum EscalationEvents {
    /// One event.
    static func append(tenant: String, escalationID: String, kind: EscalationEventKind, agentID: String? = nil,
                       detail: String = "") -> PostgresQuery {
        """
        INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
        VALUES (\(tenant), \(escalationID), \(kind), \(agentID), \(detail))
        """
    }

    /// One event of `kind` per escalation, each with its detail.
    static func append(tenant: String, escalationIDs: [String], kind: EscalationEventKind, agentID: String? = nil,
                       details: [String]) -> PostgresQuery {
        """
        INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
        SELECT \(tenant), v.e, \(kind), \(agentID), v.d FROM unnest(\(escalationIDs), \(details)) AS v(e, d)
        """
    }
}
