import API
import Foundation
import Logging
import RPC
import RouterCore
import ServiceKit
import Store
import Wire

/// The `Router` service of the API over the `router` schema. Replicas share
/// nothing but Postgres: any replica answers any call, and each holds the
/// agent sessions that connected to it (``SessionHub``).
final class RouterService: RouterV1.RouterService {
    let pool: PostgresPool
    let stores: RouterStores
    let logger: Logger
    let queues: QueueDirectory
    let agents: AgentDirectory
    let offerLifecycle: OfferLifecycle
    let waitModels = WaitModels()
    let dispatcher: Dispatcher
    let hub: SessionHub
    let writes: WriteBatches
    let priority = Priority.standard

    /// The service; with `audited`, its decisions also go to the audit outbox.
    init(pool: PostgresPool, logger: Logger, audited: Bool = false) {
        self.pool = pool
        let stores = RouterStores(pool: pool, audited: audited)
        self.stores = stores
        self.logger = logger
        let queues = QueueDirectory(store: stores.queues)
        self.queues = queues
        self.agents = AgentDirectory(store: stores.agents)
        self.offerLifecycle = OfferLifecycle(pool: pool, stores: stores)
        self.hub = SessionHub(agents: stores.agents, logger: logger) { tenant in queues.invalidate(tenant) }
        self.dispatcher = Dispatcher(pool: pool, stores: stores, queues: queues, agents: agents, hub: hub, logger: logger)
        self.writes = WriteBatches(stores: stores)
    }

    // MARK: Queues

    func upsertQueue(_ request: RouterV1.UpsertQueueRequest, context: ServerContext) async throws -> RouterV1.UpsertQueueResponse {
        guard var queue = request.queue else { throw RPCError.invalidArgument(field: "queue", "required") }
        try Self.validateID(queue.tenantID, "queue.tenant_id")
        try Self.validateID(queue.queueID, "queue.queue_id")
        try Self.validate(queue.requiredSkills, field: "queue.required_skills")
        do {
            _ = try QueueConfig(proto: queue)
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        if let target = queue.target, !(target.fraction > 0 && target.fraction <= 1) {
            throw RPCError.invalidArgument(field: "queue.target.fraction", "\(target.fraction) is outside (0, 1]")
        }
        if let timeout = queue.offerTimeout, timeout.timeInterval < 1 || timeout.timeInterval > 3600 {
            throw RPCError.invalidArgument(field: "queue.offer_timeout", "must be between 1 s and 1 h")
        }
        queue.updateTime = .init(date: Date())
        let created = try await stores.queues.upsert(queue)
        queues.invalidate(queue.tenantID)
        // Every other replica drops its copy too.
        try await Notifications.send(.queuesChanged(tenant: queue.tenantID), pool: pool)
        return .with {
            $0.queue = queue
            $0.created = created
        }
    }

    // MARK: Agents

    func upsertAgent(_ request: RouterV1.UpsertAgentRequest, context: ServerContext) async throws -> RouterV1.UpsertAgentResponse {
        guard var agent = request.agent else { throw RPCError.invalidArgument(field: "agent", "required") }
        try Self.validateID(agent.tenantID, "agent.tenant_id")
        try Self.validateID(agent.agentID, "agent.agent_id")
        for (index, skill) in agent.skills.enumerated() {
            guard !skill.skill.isEmpty else { throw RPCError.invalidArgument(field: "agent.skills[\(index)].skill", "required") }
            guard (1...10).contains(skill.level) else {
                throw RPCError.invalidArgument(field: "agent.skills[\(index)].level", "\(skill.level) is outside 1...10")
            }
        }
        guard !agent.languages.isEmpty, !agent.languages.contains(where: \.isEmpty) else {
            throw RPCError.invalidArgument(field: "agent.languages", "at least one language tag is required")
        }
        guard agent.attributes.count <= 32 else { throw RPCError.invalidArgument(field: "agent.attributes", "more than 32 entries") }
        var channels: [Int64] = []
        var capacities: [Int64] = []
        for (index, capacity) in agent.capacities.enumerated() {
            guard Channel(proto: capacity.channel) != nil else {
                throw RPCError.invalidArgument(field: "agent.capacities[\(index)].channel", "must be a known channel")
            }
            guard capacity.maxConcurrent <= 20 else {
                throw RPCError.invalidArgument(field: "agent.capacities[\(index)].max_concurrent", "\(capacity.maxConcurrent) is outside 0...20")
            }
            guard !channels.contains(Int64(capacity.channel.rawValue)) else {
                throw RPCError.invalidArgument(field: "agent.capacities[\(index)].channel", "listed twice")
            }
            channels.append(Int64(capacity.channel.rawValue))
            capacities.append(Int64(capacity.maxConcurrent))
        }
        let sum = capacities.reduce(0, +)
        guard agent.maxTotalConcurrent <= 160 else {
            throw RPCError.invalidArgument(field: "agent.max_total_concurrent", "\(agent.maxTotalConcurrent) is above 160 (8 channels of 20)")
        }
        do {
            _ = try Agent(proto: agent)
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        let maxTotal = agent.maxTotalConcurrent == 0 ? sum : min(Int64(agent.maxTotalConcurrent), sum)
        // Presence, connection and work are the router's, not the caller's.
        agent.presence = .unspecified
        agent.connected = false
        agent.activeEscalationIDs = []
        agent.updateTime = nil
        let tenant = agent.tenantID, id = agent.agentID
        // Lowering a capacity below the current work is allowed: the work goes on, no new offers until below.
        let created = try await stores.agents.upsert(tenant: tenant, agentID: id, profile: Data(agent.serializedBytes()),
                                                     maxTotal: maxTotal)
        dispatcher.request(tenant)
        let stored = try await loadAgent(tenant: tenant, agentID: id)
        return .with {
            $0.agent = stored
            $0.created = created
        }
    }

    func getAgent(_ request: RouterV1.GetAgentRequest, context: ServerContext) async throws -> RouterV1.GetAgentResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.agentID, "agent_id")
        let agent = try await loadAgent(tenant: request.tenantID, agentID: request.agentID)
        return .with { $0.agent = agent }
    }

    func loadAgent(tenant: String, agentID: String, session: PostgresSession? = nil) async throws -> RouterV1.Agent {
        guard let agent = try await stores.agents.load(tenant: tenant, agentID: agentID, session: session) else {
            throw RPCError(.notFound, "agent_id: no agent '\(agentID)' in tenant '\(tenant)'")
        }
        return agent
    }

    func setAgentPresence(_ request: RouterV1.SetAgentPresenceRequest, context: ServerContext) async throws -> RouterV1.SetAgentPresenceResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.agentID, "agent_id")
        guard let presence = Presence(proto: request.presence) else {
            throw RPCError.invalidArgument(field: "presence", "must be AVAILABLE, BUSY, AWAY or OFFLINE")
        }
        let tenant = request.tenantID, agentID = request.agentID
        guard let revoked = try await offerLifecycle.changePresence(tenant: tenant, agentID: agentID, to: presence) else {
            throw RPCError(.notFound, "agent_id: no agent '\(agentID)' in tenant '\(tenant)'")
        }
        if presence == .available || !revoked.isEmpty { dispatcher.request(tenant) }
        let agent = try await loadAgent(tenant: tenant, agentID: agentID)
        return .with { $0.agent = agent }
    }

    // MARK: Validation

    /// Identifiers: 1 to 128 bytes, no control characters (they separate notification fields).
    static func validateID(_ value: String, _ field: String) throws(RPCError) {
        guard !value.isEmpty else { throw .invalidArgument(field: field, "required") }
        guard value.utf8.count <= 128 else { throw .invalidArgument(field: field, "longer than 128 bytes") }
        // General category Cc, by value: a property lookup per character cost 1.4% of a loaded router's CPU.
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            throw .invalidArgument(field: field, "contains control characters")
        }
    }

    static func validate(_ skills: [RouterV1.SkillRequirement], field: String) throws(RPCError) {
        for (index, skill) in skills.enumerated() {
            guard !skill.skill.isEmpty else { throw .invalidArgument(field: "\(field)[\(index)].skill", "required") }
            guard skill.minLevel <= 10 else {
                throw .invalidArgument(field: "\(field)[\(index)].min_level", "\(skill.minLevel) is above 10")
            }
        }
    }

    /// SHA-256 of the escalation as the caller sent it (our encoder writes
    /// fields and map entries in a fixed order), for idempotent Enqueue.
    static func digest(_ bytes: [UInt8]) -> Data {
        Data(SHA256Digest.bytes(bytes))
    }
}
