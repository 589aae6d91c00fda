import Foundation
import RouterCore
import Store
import Synchronization
import Wire

/// Escalation states and offer states as stored (the proto's numbers).
enum StoredState {
    static let queued = Int32(RouterV1.EscalationState.queued.rawValue)
    static let offered = Int32(RouterV1.EscalationState.offered.rawValue)
    static let assigned = Int32(RouterV1.EscalationState.assigned.rawValue)
    static let completed = Int32(RouterV1.EscalationState.completed.rawValue)
    static let callbackScheduled = Int32(RouterV1.EscalationState.callbackScheduled.rawValue)
    static let expired = Int32(RouterV1.EscalationState.expired.rawValue)
    static let cancelled = Int32(RouterV1.EscalationState.cancelled.rawValue)

    static let offerPending: Int32 = 1
    static let offerAccepted: Int32 = 2
    static let offerDeclined: Int32 = 3
    static let offerExpired: Int32 = 4
    static let offerRevoked: Int32 = 5
}

/// Reading escalations, agents and queues out of rows into wire messages.
enum RouterRecords {
    /// The columns ``escalation(_:)`` reads, from `router.escalations` aliased `e`.
    static let escalationColumns = """
        e.escalation, e.state, e.agent_id, e.priority_key, e.offer_count, e.outcome, e.create_time, e.update_time,
        e.assign_time, e.complete_time, e.callback_time, e.queue_id
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

/// Queue configurations by tenant and id, read from `router.queues` and
/// kept a couple of seconds: the dispatcher needs them on every pass.
final class QueueDirectory: Sendable {
    struct Entry: Sendable {
        let proto: RouterV1.Queue
        let config: QueueConfig
        let offers: OfferPolicy
    }

    private let pool: PostgresPool
    private let cache = SingleFlightCache<String, [String: Entry]>(lifetime: .seconds(2))
    /// Lapsed offers in a row that set an agent away.
    static let awayAfterConsecutiveTimeouts = 3

    init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Every queue of `tenant`.
    func queues(of tenant: String) async throws -> [String: Entry] {
        try await cache.value(tenant) { [pool] in
            let rows = try await pool.query("SELECT config FROM router.queues WHERE tenant_id = \(tenant)")
            var queues: [String: Entry] = [:]
            for row in rows {
                let proto = try RouterV1.Queue(serializedBytes: [UInt8](try row.decode(Data.self, "config")))
                queues[proto.queueID] = Entry(proto: proto, config: try QueueConfig(proto: proto),
                                              offers: OfferPolicy(queue: proto, awayAfterConsecutiveTimeouts: Self.awayAfterConsecutiveTimeouts))
            }
            return queues
        }
    }

    /// Forgets `tenant`'s queues (after an upsert on this replica).
    func invalidate(_ tenant: String) {
        cache.invalidate(tenant)
    }
}

/// The inputs of wait estimates per tenant (live agents, recent handle
/// times), kept a second: every Enqueue and Position would otherwise read
/// every agent of the tenant.
final class WaitModels: Sendable {
    struct Model: Sendable {
        let agents: [AgentCandidate]
        let handleTimes: [Duration]
    }

    private struct StaffingKey: Hashable {
        let tenant: String
        let queueID: String
        let channel: Channel
    }

    private let models = SingleFlightCache<String, Model>(lifetime: .seconds(1))
    private let staffings = SingleFlightCache<StaffingKey, Staffing>(lifetime: .seconds(1))

    func model(tenant: String, load: @escaping @Sendable () async throws -> Model) async throws -> Model {
        try await models.value(tenant, load: load)
    }

    /// Who staffs `queueID` on `channel`, from `model`, kept as long as models are.
    func staffing(tenant: String, queueID: String, channel: Channel, model: Model, at now: Date) async throws -> Staffing {
        try await staffings.value(StaffingKey(tenant: tenant, queueID: queueID, channel: channel)) {
            Staffing(of: model.agents, queueID: queueID, channel: channel, at: now)
        }
    }
}
