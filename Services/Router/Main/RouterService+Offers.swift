import Foundation
import RPC
import RouterCore
import Store
import Wire

/// Accept, Decline, Complete and Transfer: each moves an offer or an
/// assignment with conditional updates, so a late, repeated or concurrent
/// answer changes nothing. Accepts and Completes go in batches
/// (``WriteBatches``).
extension RouterService {
    func accept(_ request: RouterV1.AcceptRequest, context: ServerContext) async throws -> RouterV1.AcceptResponse {
        try Self.validateAnswer(tenant: request.tenantID, agent: request.agentID, offer: request.offerID)
        let tenant = request.tenantID, agentID = request.agentID, offerID = request.offerID
        // One statement and one commit, shared with the Accepts arriving meanwhile.
        let accepted = try await writes.accepts.submit(.init(tenant: tenant, agentID: agentID, offerID: offerID))
        guard let row = accepted else {
            throw try await pool.withConnection { session in
                try await self.whyNot(offer: offerID, tenant: tenant, agent: agentID, session: session)
            }
        }
        let escalation = try RouterRecords.escalation(row)
        let key = SessionHub.Key(tenant: tenant, agent: agentID)
        if !hub.deliverLocally(.assignment(escalationID: escalation.escalationID, offerID: offerID,
                                                  escalation: escalation), to: key) {
            try await Notifications.send(.assignment(tenant: tenant, agent: agentID, escalationID: escalation.escalationID,
                                                     offerID: offerID), pool: pool)
        }
        return .with { $0.escalation = escalation }
    }

    func decline(_ request: RouterV1.DeclineRequest, context: ServerContext) async throws -> RouterV1.DeclineResponse {
        try Self.validateAnswer(tenant: request.tenantID, agent: request.agentID, offer: request.offerID)
        let tenant = request.tenantID, agentID = request.agentID, offerID = request.offerID
        let queues = try await queues.queues(of: tenant)
        let escalation = try await pool.transaction { session in
            guard let declined = try await stores.offers.decline(offerID: offerID, tenant: tenant, agentID: agentID, session: session) else {
                throw try await self.whyNot(offer: offerID, tenant: tenant, agent: agentID, session: session)
            }
            let policy = queues[declined.queueID]?.offers ?? OfferPolicy()
            let expires = policy.maxOffers > 0 && declined.offerCount >= policy.maxOffers
            _ = try await session.pipeline([
                EscalationStore.declined(tenant: tenant, escalationID: declined.escalationID, expires: expires),
                AgentStore.answered(tenant: tenant, agentID: agentID),
                EscalationEvents.append(tenant: tenant, escalationID: declined.escalationID,
                                        kind: expires ? .declinedAndExpired : .declined, agentID: agentID, detail: request.reason),
            ])
            return try await loadEscalation(tenant: tenant, id: declined.escalationID, session: session)
        }
        dispatcher.request(tenant)
        return .with { $0.escalation = escalation }
    }

    func complete(_ request: RouterV1.CompleteRequest, context: ServerContext) async throws -> RouterV1.CompleteResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.agentID, "agent_id")
        try Self.validateID(request.escalationID, "escalation_id")
        switch request.outcome {
        case .unspecified: throw RPCError.invalidArgument(field: "outcome", "required")
        case .unrecognized(let value): throw RPCError.invalidArgument(field: "outcome", "unknown outcome \(value)")
        default: break
        }
        return try await complete(tenant: request.tenantID, agentID: request.agentID, escalationID: request.escalationID,
                                  outcome: request.outcome, notes: request.notes)
    }

    private func complete(tenant: String, agentID: String, escalationID: String, outcome: RouterV1.CompletionOutcome,
                          notes: String) async throws -> RouterV1.CompleteResponse {
        // One statement and one commit, shared with the Completes arriving meanwhile.
        let completed = try await writes.completions.submit(.init(tenant: tenant, agentID: agentID, escalationID: escalationID,
                                                                   outcome: Int32(outcome.rawValue), notes: notes))
        guard let row = completed else {
            _ = try await loadAgent(tenant: tenant, agentID: agentID)
            let current = try await loadEscalation(tenant: tenant, id: escalationID)
            throw RPCError(.failedPrecondition, "escalation_id: '\(escalationID)' is \(current.state), not assigned to agent '\(agentID)'")
        }
        let escalation = try RouterRecords.escalation(row)
        dispatcher.request(tenant)
        return .with { $0.escalation = escalation }
    }

    func transfer(_ request: RouterV1.TransferRequest, context: ServerContext) async throws -> RouterV1.TransferResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.agentID, "agent_id")
        try Self.validateID(request.escalationID, "escalation_id")
        try Self.validate(request.requiredSkills, field: "required_skills")
        guard !request.reason.isEmpty else { throw RPCError.invalidArgument(field: "reason", "required") }
        let tenant = request.tenantID, agentID = request.agentID, escalationID = request.escalationID
        var target: (queue: String, agent: String?)
        switch request.target {
        case .targetQueueID(let queue)?:
            try Self.validateID(queue, "target_queue_id")
            guard try await queues.queues(of: tenant)[queue] != nil else {
                throw RPCError(.notFound, "target_queue_id: no queue '\(queue)' in tenant '\(tenant)'")
            }
            target = (queue, nil)
        case .targetAgentID(let agent)?:
            try Self.validateID(agent, "target_agent_id")
            do {
                _ = try await loadAgent(tenant: tenant, agentID: agent)
            } catch let error as RPCError where error.code == .notFound {
                throw RPCError(.notFound, "target_agent_id: no agent '\(agent)' in tenant '\(tenant)'")
            }
            target = ("", agent)
        case nil:
            throw RPCError.invalidArgument(field: "target", "a target queue or agent is required")
        }
        // The queue's offer timeout, read before any row is locked.
        let before = try await loadEscalation(tenant: tenant, id: escalationID)
        let offerTimeout = try await queues.queues(of: tenant)[target.queue.isEmpty ? before.queueID : target.queue]?.offers.timeout
            ?? OfferPolicy().timeout
        var offeredTo: String?
        let escalation = try await pool.transaction { session in
            offeredTo = nil
            guard try await stores.assignments.endForTransfer(tenant: tenant, escalationID: escalationID, agentID: agentID,
                                                              session: session) else {
                let current = try await self.loadEscalation(tenant: tenant, id: escalationID, session: session)
                throw RPCError(.failedPrecondition, "escalation_id: '\(escalationID)' is \(current.state), not assigned to agent '\(agentID)'")
            }
            var stored = try await self.loadEscalation(tenant: tenant, id: escalationID, session: session)
            if !target.queue.isEmpty { stored.queueID = target.queue }
            if let agent = target.agent { stored.previousAgentID = agent }
            if !request.requiredSkills.isEmpty { stored.requiredSkills = request.requiredSkills }
            // A named agent who can take it now gets the offer at once (under the
            // dispatch lock, like any offer); otherwise the escalation waits in its
            // queue with them as the previous agent, which the affinity hold favours.
            var direct: [PostgresQuery] = []
            if let agent = target.agent, let channel = Channel(proto: stored.channel) {
                try await DispatchLock.wait(tenant: tenant, session: session)
                let live = try await self.agents.live(tenant: tenant, presences: [.available], session: session)
                if let candidate = live.first(where: { $0.agent.id == agent }),
                   candidate.agent.spareCapacity(on: channel, load: candidate.status.load) > 0 {
                    offeredTo = agent
                    direct = [
                        EscalationStore.offerDirectly(tenant: tenant, id: escalationID, agentID: agent),
                        OfferStore.insert([.init(offerID: OfferID.make().uuidString.lowercased(), escalationID: escalationID,
                                                 agentID: agent, channel: Int64(channel.rawValue),
                                                 timeoutMilliseconds: offerTimeout.wholeMilliseconds, reason: "transfer")],
                                          tenant: tenant),
                    ]
                }
            }
            // Back in a queue with its place kept: the priority key still counts the time already waited.
            let destination = target.agent.map { "to agent \($0)" } ?? "to queue \(target.queue)"
            _ = try await session.pipeline([
                EscalationStore.requeueTransferred(tenant: tenant, id: escalationID, queueID: stored.queueID,
                                                   escalation: Data(Self.inputOnly(stored).serializedBytes())),
                EscalationEvents.append(tenant: tenant, escalationID: escalationID, kind: .transferred, agentID: agentID,
                                        detail: "\(destination): \(request.reason)"),
            ] + direct)
            return try await loadEscalation(tenant: tenant, id: escalationID, session: session)
        }
        if let agent = offeredTo, !hub.deliverLocally(.offers, to: .init(tenant: tenant, agent: agent)) {
            try await Notifications.send(.offersPending(tenant: tenant, agent: agent), pool: pool)
        }
        dispatcher.request(tenant)
        return .with { $0.escalation = escalation }
    }

    static func validateAnswer(tenant: String, agent: String, offer: String) throws(RPCError) {
        try validateID(tenant, "tenant_id")
        try validateID(agent, "agent_id")
        guard UUID(uuidString: offer) != nil else { throw .invalidArgument(field: "offer_id", "not an offer id") }
    }

    /// Why an answer to an offer changed nothing: an unknown agent or
    /// offer, someone else's offer, or one already resolved or lapsed.
    func whyNot(offer: String, tenant: String, agent: String, session: PostgresSession) async throws -> RPCError {
        let answer = try await stores.offers.answer(offerID: offer, tenant: tenant, agentID: agent, session: session)
        guard answer.agentKnown else {
            return RPCError(.notFound, "agent_id: no agent '\(agent)' in tenant '\(tenant)'")
        }
        guard answer.owner == agent else {
            return RPCError(.notFound, "offer_id: no offer '\(offer)' for agent '\(agent)'")
        }
        switch answer.state {
        case .pending where answer.lapsed, .expired:
            return RPCError(.failedPrecondition, "offer_id: the offer expired")
        case .accepted:
            return RPCError(.failedPrecondition, "offer_id: the offer was already accepted")
        case .declined:
            return RPCError(.failedPrecondition, "offer_id: the offer was already declined")
        default:
            return RPCError(.failedPrecondition, "offer_id: the offer was revoked")
        }
    }
}
