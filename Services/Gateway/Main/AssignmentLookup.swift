import API
import Wire
import RPC
import Synchronization

/// Whether an escalation is assigned to an agent, asked of baton-router
/// (`GetEscalation`) for the methods an agent may call only on its own
/// escalations. Answers are kept for a few seconds: an agent reading its
/// package several times in a row costs the router one lookup.
final class AssignmentLookup: Sendable {
    private let router: RouterV1.RouterClient
    private let handoff: HandoffV1.HandoffClient?
    private let answers = Mutex<[Key: (assigned: Bool, at: ContinuousClock.Instant)]>([:])
    private static let lifetime = Duration.seconds(5)
    private static let maxEntries = 10_000

    private struct Key: Hashable {
        var tenant: String
        var escalation: String
        var agent: String
    }

    init(router: RPCChannel, handoff: RPCChannel?) {
        self.router = RouterV1.RouterClient(channel: router)
        self.handoff = handoff.map { HandoffV1.HandoffClient(channel: $0) }
    }

    /// The escalation a handoff package belongs to, asked of baton-handoff
    /// (the redacted view: only its ids are read); nil when the tenant has no
    /// such package (the agent learns nothing about packages it cannot reach).
    func escalation(ofPackage package: String, tenant: String) async throws -> String? {
        guard let handoff else {
            throw RPCError(.unavailable, "the gateway has no handoff address to resolve packages (BATON_HANDOFF_ADDR)")
        }
        var request = HandoffV1.GetRequest()
        request.tenantID = tenant
        request.selector = .packageID(package)
        request.view = .redacted
        do {
            let escalation = try await handoff.get(request).handoffPackage?.escalationID ?? ""
            return escalation.isEmpty ? nil : escalation
        } catch let error as RPCError where error.code == .notFound {
            return nil
        }
    }

    /// Whether `escalation` of `tenant` is assigned to `agent` now. NOT_FOUND
    /// reads as "not assigned" (the agent learns nothing about other tenants'
    /// or agents' escalations); other failures are thrown.
    func isAssigned(tenant: String, escalation: String, agent: String) async throws -> Bool {
        let key = Key(tenant: tenant, escalation: escalation, agent: agent)
        let now = ContinuousClock.now
        if let cached = answers.withLock({ $0[key] }), now - cached.at < Self.lifetime { return cached.assigned }
        var request = RouterV1.GetEscalationRequest()
        request.tenantID = tenant
        request.escalationID = escalation
        let assigned: Bool
        do {
            let response = try await router.getEscalation(request)
            assigned = response.escalation?.agentID == agent
        } catch let error as RPCError where error.code == .notFound {
            assigned = false
        }
        answers.withLock { answers in
            if answers.count >= Self.maxEntries { answers = answers.filter { now - $0.value.at < Self.lifetime } }
            if answers.count < Self.maxEntries { answers[key] = (assigned, now) }
        }
        return assigned
    }
}
