import Foundation
import RPC
import RouterCore
import Store
import Wire

/// AgentSession and Watch: the two streams.
extension RouterService {
    func agentSession(_ request: RouterV1.AgentSessionRequest, responses: ResponseWriter<RouterV1.AgentSessionEvent>,
                      context: ServerContext) async throws {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.agentID, "agent_id")
        let keepalive: Duration = request.keepaliveInterval.map { .milliseconds(Int64(max(5, min(120, $0.timeInterval)) * 1000)) } ?? .seconds(20)
        let tenant = request.tenantID, agentID = request.agentID
        let sessionID = UUID()
        let key = SessionHub.Key(tenant: tenant, agent: agentID)
        // Registered before the session row changes, so no notification for it is missed.
        let deliveries = hub.register(key, id: sessionID)
        defer { hub.unregister(key, id: sessionID) }
        let opened = try await pool.transaction { session -> Bool in
            guard try await stores.agents.openSession(tenant: tenant, agentID: agentID, sessionID: sessionID, lease: SessionHub.lease,
                                                      goAvailable: request.goAvailable, session: session) else { return false }
            // Any older session of the agent, on whichever replica, ends when this commits.
            if let notify = Notifications.send([.session(tenant: tenant, agent: agentID, sessionID: sessionID)]) {
                try await session.query(notify)
            }
            return true
        }
        guard opened else { throw RPCError(.notFound, "agent_id: no agent '\(agentID)' in tenant '\(tenant)'") }
        defer {
            // Give the agent up only if no newer session took it.
            let agents = stores.agents
            Task { try? await agents.closeSession(tenant: tenant, agentID: agentID, sessionID: sessionID) }
        }
        var sequence: UInt64 = 0
        var lastWrite = ContinuousClock.now
        func send(_ event: RouterV1.AgentSessionEvent.Event) async throws {
            sequence += 1
            try await responses.write(.with {
                $0.sequence = sequence
                $0.eventTime = .init(date: Date())
                $0.event = event
            })
            lastWrite = .now
        }
        let agent = try await loadAgent(tenant: tenant, agentID: agentID)
        var assignments: [RouterV1.Escalation] = []
        for id in agent.activeEscalationIDs { assignments.append(try await loadEscalation(tenant: tenant, id: id)) }
        try await send(.opened(.with {
            $0.agent = agent
            $0.assignments = assignments
        }))
        var sent = Set<String>()
        try await sendPendingOffers(tenant: tenant, agentID: agentID, sent: &sent, send: send)
        if request.goAvailable { dispatcher.request(tenant) }

        for await delivery in deliveries {
            switch delivery {
            case .offers:
                try await sendPendingOffers(tenant: tenant, agentID: agentID, sent: &sent, send: send)
            case .offer(let offer):
                if sent.insert(offer.offerID).inserted { try await send(.offer(offer)) }
            case .assignment(let escalationID, let offerID, let accepted):
                var escalation = accepted
                if escalation == nil { escalation = try await loadEscalation(tenant: tenant, id: escalationID) }
                try await send(.assignment(.with {
                    $0.escalation = escalation
                    $0.offerID = offerID
                }))
            case .revocation(let escalationID, let offerID, let reason):
                sent.remove(offerID)
                try await send(.revocation(.with {
                    $0.escalationID = escalationID
                    $0.offerID = offerID
                    $0.reason = RouterV1.Revocation.Reason(rawValue: reason)
                }))
            case .tick:
                // Also the safety net for an offer whose notification went to a session that just ended.
                try await sendPendingOffers(tenant: tenant, agentID: agentID, sent: &sent, send: send)
                if ContinuousClock.now - lastWrite >= keepalive {
                    let counts = try await stores.agents.workCounts(tenant: tenant, agentID: agentID)
                    try await send(.keepalive(.with {
                        $0.activeAssignments = UInt32(counts.active)
                        $0.waitingInQueues = UInt32(counts.waiting)
                    }))
                }
            }
        }
        // The stream ended: a newer session took over, the lease lapsed, or the caller left.
    }

    private func sendPendingOffers(tenant: String, agentID: String, sent: inout Set<String>,
                                   send: (RouterV1.AgentSessionEvent.Event) async throws -> Void) async throws {
        for row in try await stores.offers.pending(tenant: tenant, agentID: agentID) {
            let offerID = try row.decode(String.self, "offer_id")
            guard sent.insert(offerID).inserted else { continue }
            let escalation = try RouterRecords.escalation(row)
            let waited = Double(escalation.priorWaitSeconds) + Date().timeIntervalSince(escalation.createTime?.date ?? Date())
            try await send(.offer(.with {
                $0.offerID = offerID
                $0.escalation = escalation
                $0.expireTime = .init(date: try row.decode(Date.self, "expire_time"))
                $0.waited = .init(timeInterval: max(0, waited))
            }))
        }
    }

    func watch(_ request: RouterV1.WatchRequest, responses: ResponseWriter<RouterV1.WatchEvent>, context: ServerContext) async throws {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.escalationID, "escalation_id")
        let interval: Duration = .milliseconds(Int64(max(1, min(300, request.minInterval?.timeInterval ?? 10)) * 1000))
        var last: (state: RouterV1.EscalationState, position: UInt32, wait: Int64)?
        var lastSent = ContinuousClock.now
        while true {
            let escalation = try await loadEscalation(tenant: request.tenantID, id: request.escalationID)
            let queue = try await resolveQueue(for: escalation)
            let estimate = try await waitEstimate(for: escalation, queue: queue)
            let wait = estimate.estimatedWait?.seconds ?? -1
            let final: Bool = switch escalation.state {
            case .assigned, .completed, .expired, .cancelled: true
            default: false
            }
            // A change of state goes out at once (within the one-second poll); position and wait at most every min_interval.
            let stateChanged = last == nil || last!.state != escalation.state
            let estimateChanged = last != nil && (last!.position != estimate.position || last!.wait != wait)
            if stateChanged || (estimateChanged && ContinuousClock.now - lastSent >= interval) {
                var agentName = ""
                if escalation.state == .assigned, !escalation.agentID.isEmpty {
                    agentName = (try? await loadAgent(tenant: request.tenantID, agentID: escalation.agentID).displayName) ?? ""
                }
                try await responses.write(.with {
                    $0.escalationID = escalation.escalationID
                    $0.state = escalation.state
                    $0.waitEstimate = estimate
                    $0.positionDelta = last.map { Int32(estimate.position) - Int32($0.position) } ?? 0
                    $0.waitDeltaSeconds = last.map { wait - $0.wait } ?? 0
                    $0.agentDisplayName = agentName
                    $0.isLast = final
                    $0.eventTime = .init(date: Date())
                    $0.expiryReason = escalation.expiryReason
                })
                last = (escalation.state, estimate.position, wait)
                lastSent = .now
            }
            if final { return }
            try await Task.sleep(for: .seconds(1))
        }
    }
}
