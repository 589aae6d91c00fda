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
                try await Self.whyNot(offer: offerID, tenant: tenant, agent: agentID, session: session)
            }
        }
        let escalation = try RouterRecords.escalation(row)
        let key = SessionHub.Key(tenant: tenant, agent: agentID)
        if !hub.deliverLocally(.assignment(escalationID: escalation.escalationID, offerID: offerID,
                                                  escalation: escalation), to: key) {
            try await pool.query("""
                SELECT pg_notify('baton_router', 'assign' || chr(9) || \(tenant) || chr(9) || \(agentID) || chr(9)
                                                 || \(escalation.escalationID) || chr(9) || \(offerID))
                """)
        }
        return .with { $0.escalation = escalation }
    }

    func decline(_ request: RouterV1.DeclineRequest, context: ServerContext) async throws -> RouterV1.DeclineResponse {
        try Self.validateAnswer(tenant: request.tenantID, agent: request.agentID, offer: request.offerID)
        let tenant = request.tenantID, agentID = request.agentID, offerID = request.offerID
        let queues = try await queues.queues(of: tenant)
        let escalation = try await pool.transaction { session in
            let rows = try await session.query("""
                WITH declined AS (
                    UPDATE router.offers SET state = \(StoredState.offerDeclined), resolve_time = now()
                    WHERE offer_id = \(offerID)::uuid AND tenant_id = \(tenant) AND agent_id = \(agentID) AND state = \(StoredState.offerPending)
                    RETURNING escalation_id, channel
                )
                SELECT d.escalation_id, e.offer_count, e.queue_id
                FROM declined d JOIN router.escalations e ON e.tenant_id = \(tenant) AND e.escalation_id = d.escalation_id
                """)
            guard let row = rows.first else {
                throw try await Self.whyNot(offer: offerID, tenant: tenant, agent: agentID, session: session)
            }
            let escalationID = try row.decode(String.self, "escalation_id")
            let policy = queues[try row.decode(String.self, "queue_id")]?.offers ?? OfferPolicy()
            let offerCount = Int(try row.decode(Int32.self, "offer_count"))
            let expires = policy.maxOffers > 0 && offerCount >= policy.maxOffers
            _ = try await session.pipeline([
                """
                UPDATE router.escalations SET state = \(expires ? StoredState.expired : StoredState.queued), agent_id = NULL,
                    update_time = now(), complete_time = CASE WHEN \(expires) THEN now() END
                WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID) AND state = \(StoredState.offered)
                """,
                "UPDATE router.agents SET consecutive_timeouts = 0 WHERE tenant_id = \(tenant) AND agent_id = \(agentID)",
                """
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                VALUES (\(tenant), \(escalationID), \(expires ? "declined_and_expired" : "declined"), \(agentID), \(request.reason))
                """,
            ])
            return try await loadEscalation(tenant: tenant, id: escalationID, session: session)
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
            let rows = try await session.query("""
                UPDATE router.assignments SET end_time = now(), outcome = \(Int32(RouterV1.CompletionOutcome.transferred.rawValue))
                WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID) AND agent_id = \(agentID) AND end_time IS NULL
                RETURNING channel
                """)
            guard !rows.isEmpty else {
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
                try await OfferLifecycle.holdDispatch(tenant: tenant, session: session)
                let live = try await self.agents.live(tenant: tenant, presences: [1], session: session, pool: self.pool)
                if let candidate = live.first(where: { $0.agent.id == agent }),
                   candidate.agent.spareCapacity(on: channel, load: candidate.status.load) > 0 {
                    offeredTo = agent
                    direct = [
                        """
                        UPDATE router.escalations SET state = \(StoredState.offered), agent_id = \(agent), offer_count = offer_count + 1,
                            update_time = now()
                        WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID) AND state = \(StoredState.queued)
                        """,
                        """
                        INSERT INTO router.offers (offer_id, tenant_id, escalation_id, agent_id, channel, reason, state, expire_time)
                        VALUES (\(OfferID.make()), \(tenant), \(escalationID), \(agent), \(Int32(channel.rawValue)), 'transfer', 1,
                                now() + \(offerTimeout.wholeMilliseconds) * interval '1 millisecond')
                        """,
                    ]
                }
            }
            // Back in a queue with its place kept: the priority key still counts the time already waited.
            _ = try await session.pipeline([
                """
                UPDATE router.escalations SET state = \(StoredState.queued), agent_id = NULL, queue_id = \(stored.queueID),
                    escalation = \(Data(Self.inputOnly(stored).serializedBytes())), queued_at = now(), widening_step = 0,
                    update_time = now()
                WHERE tenant_id = \(tenant) AND escalation_id = \(escalationID) AND state = \(StoredState.assigned)
                """,
                """
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                VALUES (\(tenant), \(escalationID), 'transferred', \(agentID),
                        \(target.agent.map { "to agent \($0)" } ?? "to queue \(target.queue)") || ': ' || \(request.reason))
                """,
            ] + direct)
            return try await loadEscalation(tenant: tenant, id: escalationID, session: session)
        }
        if let agent = offeredTo, !hub.deliverLocally(.offers, to: .init(tenant: tenant, agent: agent)) {
            try await pool.query("SELECT pg_notify('baton_router', 'offer' || chr(9) || \(tenant) || chr(9) || \(agent))")
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
    static func whyNot(offer: String, tenant: String, agent: String, session: PostgresSession) async throws -> RPCError {
        let rows = try await session.query("""
            SELECT o.agent_id, o.state, o.expire_time <= now() AS lapsed,
                   EXISTS (SELECT 1 FROM router.agents a WHERE a.tenant_id = \(tenant) AND a.agent_id = \(agent)) AS agent_known
            FROM (SELECT 1) AS one LEFT JOIN router.offers o ON o.offer_id = \(offer)::uuid AND o.tenant_id = \(tenant)
            """)
        let row = rows[0]
        guard try row.decode(Bool.self, "agent_known") else {
            return RPCError(.notFound, "agent_id: no agent '\(agent)' in tenant '\(tenant)'")
        }
        guard let owner = try row.decode(String?.self, "agent_id"), owner == agent else {
            return RPCError(.notFound, "offer_id: no offer '\(offer)' for agent '\(agent)'")
        }
        switch try row.decode(Int32.self, "state") {
        case StoredState.offerPending where try row.decode(Bool.self, "lapsed"), StoredState.offerExpired:
            return RPCError(.failedPrecondition, "offer_id: the offer expired")
        case StoredState.offerAccepted:
            return RPCError(.failedPrecondition, "offer_id: the offer was already accepted")
        case StoredState.offerDeclined:
            return RPCError(.failedPrecondition, "offer_id: the offer was already declined")
        default:
            return RPCError(.failedPrecondition, "offer_id: the offer was revoked")
        }
    }
}
