import Foundation
import RouterCore
import Store
import Wire

/// Reading escalations, agents and queues out of rows into wire messages.
enum RouterRecords {
    /// The columns ``escalation(_:)`` reads, from `router.escalations` aliased `e`.
    static let escalationColumns = """
        e.escalation, e.state, e.agent_id, e.priority_key, e.offer_count, e.outcome, e.create_time, e.update_time,
        e.assign_time, e.complete_time, e.callback_time, e.queue_id, e.expiry_reason, e.last_agent_id
        """

    static func escalation(_ row: PostgresRow) throws -> RouterV1.Escalation {
        var escalation = try RouterV1.Escalation(serializedBytes: [UInt8](try row.decode(Data.self, "escalation")))
        escalation.queueID = try row.decode(String.self, "queue_id")
        escalation.state = RouterV1.EscalationState(rawValue: try row.decode(Int32.self, "state"))
        escalation.agentID = try row.decode(String?.self, "agent_id") ?? ""
        escalation.priorityKey = try row.decode(Int64.self, "priority_key")
        escalation.offerCount = UInt32(try row.decode(Int32.self, "offer_count"))
        escalation.outcome = RouterV1.CompletionOutcome(rawValue: try row.decode(Int32.self, "outcome"))
        escalation.createTime = .init(date: try row.decode(Date.self, "create_time"))
        escalation.updateTime = .init(date: try row.decode(Date.self, "update_time"))
        escalation.assignTime = try row.decode(Date?.self, "assign_time").map { .init(date: $0) }
        escalation.completeTime = try row.decode(Date?.self, "complete_time").map { .init(date: $0) }
        escalation.expiryReason = RouterV1.ExpiryReason(rawValue: try row.decode(Int32.self, "expiry_reason"))
        escalation.lastAgentID = try row.decode(String.self, "last_agent_id")
        if let callbackTime = try row.decode(Date?.self, "callback_time"), escalation.callback == nil {
            escalation.callback = .with { $0.callbackTime = .init(date: callbackTime) }
        }
        return escalation
    }

    /// The columns ``agent(_:activeEscalations:)`` reads.
    static let agentColumns = "a.profile, a.presence, a.session_expires_at, a.update_time"

    static func agent(_ row: PostgresRow, activeEscalations: [String]) throws -> RouterV1.Agent {
        var agent = try RouterV1.Agent(serializedBytes: [UInt8](try row.decode(Data.self, "profile")))
        agent.presence = RouterV1.AgentPresence(rawValue: try row.decode(Int32.self, "presence"))
        agent.connected = (try row.decode(Date?.self, "session_expires_at")).map { $0 > Date() } ?? false
        agent.activeEscalationIDs = activeEscalations
        agent.updateTime = .init(date: try row.decode(Date.self, "update_time"))
        return agent
    }
}
