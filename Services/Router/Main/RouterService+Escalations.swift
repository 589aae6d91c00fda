import Foundation
import RPC
import RouterCore
import Store
import Wire

/// Enqueue, GetEscalation, Cancel, ScheduleCallback, Position and QueueStats.
extension RouterService {
    func enqueue(_ request: RouterV1.EnqueueRequest, context: ServerContext) async throws -> RouterV1.EnqueueResponse {
        guard var input = request.escalation else { throw RPCError.invalidArgument(field: "escalation", "required") }
        try Self.validateEscalation(input)
        // Output-only fields are ignored, and do not count for idempotency.
        input = Self.inputOnly(input)
        input.callback = nil
        // The request as the caller sent it: a retry matches even if the queue it resolves to changed since.
        let digest = Self.digest(input.serializedBytes())
        let tenant = input.tenantID
        let queue = try await resolveQueue(for: input)
        input.queueID = queue.proto.queueID
        let now = Date()  // for the off-hours decision only; stored times are Postgres'
        let routing: Escalation
        do {
            routing = try Escalation(proto: input, enqueueTime: now)
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        var state = StoredEscalationState.queued
        var onCall = false
        var callbackTime: Date?
        switch OffHoursPolicy(queue: queue.config).decision(for: routing, at: now) {
        case .open, .waitForOpening:
            break
        case .onCall:
            onCall = true
        case .callback(let at):
            state = .callbackScheduled
            callbackTime = at
        }
        let bytes = input.serializedBytes()
        // The sort key's time part comes from Postgres' clock, as every other time of the router does.
        let headStart = priority.headStart(urgency: routing.urgency, tier: routing.tier).wholeMilliseconds
            + routing.priorWait.wholeMilliseconds
        let detail = onCall ? "off hours: on-call path" : callbackTime != nil ? "off hours: callback at next opening" : "queue \(input.queueID)"
        // One statement (the row, its first event, its place in the queue) and one
        // commit, shared with the Enqueues arriving meanwhile.
        let admitted = try await writes.admissions.submit(.init(
            tenant: tenant, escalationID: input.escalationID, queueID: input.queueID, state: state, headStart: headStart,
            channel: Int32(routing.channel.rawValue), onCall: onCall, callbackTime: callbackTime, digest: digest,
            escalation: Data(bytes), detail: detail, urgency: Int32(routing.urgency.rawValue)))
        guard let row = admitted else {
            // The id exists: the same request again is a retry; another is a conflict.
            guard try await stores.escalations.requestDigest(tenant: tenant, id: input.escalationID) == digest else {
                throw RPCError(.alreadyExists, "escalation.escalation_id: '\(input.escalationID)' exists with a different request")
            }
            let stored = try await loadEscalation(tenant: tenant, id: input.escalationID)
            let estimate = try await waitEstimate(for: stored, queue: queue)
            return .with {
                $0.escalation = stored
                $0.waitEstimate = estimate
                $0.alreadyExisted = true
            }
        }
        if state == .queued { dispatcher.request(tenant) }
        let stored = try RouterRecords.escalation(row)
        let estimate = try await waitEstimate(for: stored, queue: queue, ahead: Int(try row.decode(Int64.self, "ahead")))
        return .with {
            $0.escalation = stored
            $0.waitEstimate = estimate
        }
    }

    static func validateEscalation(_ escalation: RouterV1.Escalation) throws(RPCError) {
        try validateID(escalation.tenantID, "escalation.tenant_id")
        try validateID(escalation.escalationID, "escalation.escalation_id")
        try validateID(escalation.conversationID, "escalation.conversation_id")
        guard !escalation.language.isEmpty else { throw .invalidArgument(field: "escalation.language", "required") }
        try validate(escalation.requiredSkills, field: "escalation.required_skills")
        try validate(escalation.optionalSkills, field: "escalation.optional_skills")
        guard escalation.attributes.count <= 32 else { throw .invalidArgument(field: "escalation.attributes", "more than 32 entries") }
        guard escalation.priorWaitSeconds <= 7 * 86_400 else {
            throw .invalidArgument(field: "escalation.prior_wait_seconds", "more than a week")
        }
        if !escalation.queueID.isEmpty { try validateID(escalation.queueID, "escalation.queue_id") }
    }

    /// The escalation's queue: the one it names, else the one whose
    /// categories include its category, else the tenant's "default" queue.
    func resolveQueue(for escalation: RouterV1.Escalation) async throws -> QueueDirectory.Entry {
        var all = try await queues.queues(of: escalation.tenantID)
        if !escalation.queueID.isEmpty && all[escalation.queueID] == nil || all.isEmpty {
            // Created a moment ago, perhaps on another replica: read again before saying no.
            queues.invalidate(escalation.tenantID)
            all = try await queues.queues(of: escalation.tenantID)
        }
        if !escalation.queueID.isEmpty {
            guard let queue = all[escalation.queueID] else {
                throw RPCError(.notFound, "escalation.queue_id: no queue '\(escalation.queueID)' in tenant '\(escalation.tenantID)'")
            }
            return queue
        }
        if let byCategory = all.values.sorted(by: { $0.proto.queueID < $1.proto.queueID })
            .first(where: { $0.proto.categories.contains(escalation.category) }) {
            return byCategory
        }
        guard let fallback = all["default"] else {
            throw RPCError(.notFound, "escalation.queue_id: no queue takes category '\(escalation.category)' and tenant '\(escalation.tenantID)' has no 'default' queue")
        }
        return fallback
    }

    func loadEscalation(tenant: String, id: String, session: PostgresSession? = nil) async throws -> RouterV1.Escalation {
        guard let escalation = try await stores.escalations.load(tenant: tenant, id: id, session: session) else {
            throw RPCError(.notFound, "escalation_id: no escalation '\(id)' in tenant '\(tenant)'")
        }
        return escalation
    }

    func getEscalation(_ request: RouterV1.GetEscalationRequest, context: ServerContext) async throws -> RouterV1.GetEscalationResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.escalationID, "escalation_id")
        let escalation = try await loadEscalation(tenant: request.tenantID, id: request.escalationID)
        return .with { $0.escalation = escalation }
    }

    func cancel(_ request: RouterV1.CancelRequest, context: ServerContext) async throws -> RouterV1.CancelResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.escalationID, "escalation_id")
        let tenant = request.tenantID, id = request.escalationID
        let escalation = try await pool.transaction { session in
            // No pass may be offering it meanwhile; then the pending offer (lock order), then the escalation.
            try await DispatchLock.wait(tenant: tenant, session: session)
            let revoked = try await stores.offers.revokePending(ofEscalation: id, tenant: tenant, session: session)
            guard try await stores.escalations.cancel(tenant: tenant, id: id, session: session) else {
                let current = try await loadEscalation(tenant: tenant, id: id, session: session)
                throw RPCError(.failedPrecondition, "escalation_id: '\(id)' is \(current.state) and can no longer be cancelled")
            }
            _ = try await session.pipeline(
                [Notifications.send(revoked.notifications(tenant: tenant, reason: .cancelled))].compactMap { $0 }
                    + [EscalationEvents.append(tenant: tenant, escalationID: id, kind: .cancelled, detail: request.reason)])
            return try await loadEscalation(tenant: tenant, id: id, session: session)
        }
        dispatcher.request(tenant)
        return .with { $0.escalation = escalation }
    }

    func scheduleCallback(_ request: RouterV1.ScheduleCallbackRequest, context: ServerContext) async throws -> RouterV1.ScheduleCallbackResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.escalationID, "escalation_id")
        guard var callback = request.callback else { throw RPCError.invalidArgument(field: "callback", "required") }
        let tenant = request.tenantID, id = request.escalationID
        let current = try await loadEscalation(tenant: tenant, id: id)
        let queue = try await resolveQueue(for: current)
        if callback.callbackTime == nil {
            // Unset: the queue's next opening (now, when open).
            let hours = queue.config.businessHours.map(BusinessCalendar.init)
            callback.callbackTime = .init(date: hours?.nextOpening(atOrAfter: Date()) ?? Date())
        }
        guard let time = callback.callbackTime?.date, time > Date().addingTimeInterval(-60) else {
            throw RPCError.invalidArgument(field: "callback.callback_time", "is in the past")
        }
        let stored = try await pool.transaction { session in
            try await DispatchLock.wait(tenant: tenant, session: session)
            let revoked = try await stores.offers.revokePending(ofEscalation: id, tenant: tenant, session: session)
            var escalation = current
            escalation.callback = callback
            guard try await stores.escalations.scheduleCallback(tenant: tenant, id: id, at: time,
                                                                escalation: Data(Self.inputOnly(escalation).serializedBytes()),
                                                                session: session) else {
                throw RPCError(.failedPrecondition, "escalation_id: '\(id)' is \(current.state); only queued or offered escalations get callbacks")
            }
            _ = try await session.pipeline(
                [Notifications.send(revoked.notifications(tenant: tenant, reason: .customerLeft))].compactMap { $0 }
                    + [EscalationEvents.append(tenant: tenant, escalationID: id, kind: .callbackScheduled,
                                               detail: ISO8601DateFormatter().string(from: time))])
            return try await loadEscalation(tenant: tenant, id: id, session: session)
        }
        return .with {
            $0.escalation = stored
            $0.callback = callback
        }
    }

    /// The escalation without its output-only fields, as stored in the `escalation` column.
    static func inputOnly(_ escalation: RouterV1.Escalation) -> RouterV1.Escalation {
        var input = escalation
        input.state = .unspecified
        input.agentID = ""
        input.priorityKey = 0
        input.offerCount = 0
        input.outcome = .unspecified
        input.createTime = nil
        input.updateTime = nil
        input.assignTime = nil
        input.completeTime = nil
        input.expiryReason = .unspecified
        return input
    }

    // MARK: Position and wait

    func position(_ request: RouterV1.PositionRequest, context: ServerContext) async throws -> RouterV1.PositionResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        try Self.validateID(request.escalationID, "escalation_id")
        let escalation = try await loadEscalation(tenant: request.tenantID, id: request.escalationID)
        let queue = try await resolveQueue(for: escalation)
        let estimate = try await waitEstimate(for: escalation, queue: queue)
        return .with {
            $0.state = escalation.state
            $0.waitEstimate = estimate
        }
    }

    /// Position among the queue's waiting escalations (in the order passes
    /// claim them: priority key, then escalation id, descending) and
    /// the wait estimated by RouterCore's `WaitEstimator` from the agents
    /// staffing the queue on the channel and the tenant's handle times of
    /// the last hour.
    func waitEstimate(for escalation: RouterV1.Escalation, queue: QueueDirectory.Entry,
                      ahead known: Int? = nil) async throws -> CommonV1.WaitEstimate {
        let now = Date()
        let calendar = queue.config.businessHours.map(BusinessCalendar.init)
        let open = calendar?.isOpen(at: now) ?? true
        let nextOpen = open ? nil : calendar?.nextOpening(atOrAfter: now)
        guard escalation.state == .queued || escalation.state == .callbackScheduled else {
            return WaitEstimate(position: 0, expected: nil, upperBound: nil, confidence: 0)
                .proto(computeTime: now, withinBusinessHours: open, nextOpenTime: nextOpen)
        }
        let tenant = escalation.tenantID
        var ahead = known ?? 0
        if known == nil {
            ahead = try await stores.escalations.countAhead(tenant: tenant, queueID: escalation.queueID,
                                                            priorityKey: escalation.priorityKey, id: escalation.escalationID)
        }
        let model = try await waitModels.model(tenant: tenant) { try await self.loadWaitModel(tenant: tenant) }
        let staffing = try await waitModels.staffing(tenant: tenant, queueID: escalation.queueID,
                                                     channel: Channel(proto: escalation.channel) ?? .chat, model: model, at: now)
        return WaitEstimator().estimate(position: ahead + 1, staffing: staffing, recentHandleTimes: model.handleTimes)
            .proto(computeTime: now, withinBusinessHours: open, nextOpenTime: nextOpen)
    }

    /// Who staffs the tenant's queues and how long recent assignments took
    /// (the last hour, at most 200, oldest first).
    func loadWaitModel(tenant: String) async throws -> WaitModels.Model {
        let handleTimes = try await stores.escalations.recentHandleTimes(tenant: tenant)
        return .init(agents: try await liveAgents(tenant: tenant), handleTimes: handleTimes)
    }

    /// Agents with a live session, available or busy, and their loads.
    func liveAgents(tenant: String) async throws -> [AgentCandidate] {
        try await agents.live(tenant: tenant, presences: [.available, .busy])
    }

    // MARK: Statistics

    func queueStats(_ request: RouterV1.QueueStatsRequest, context: ServerContext) async throws -> RouterV1.QueueStatsResponse {
        try Self.validateID(request.tenantID, "tenant_id")
        let tenant = request.tenantID
        let all = try await queues.queues(of: tenant)
        if !request.queueID.isEmpty && all[request.queueID] == nil {
            throw RPCError(.notFound, "queue_id: no queue '\(request.queueID)' in tenant '\(tenant)'")
        }
        let wanted = request.queueID.isEmpty ? all.keys.sorted() : [request.queueID]
        // Per queue: its time zone's midnight for "today" (UTC without business hours).
        let zones = wanted.map { all[$0]!.config.businessHours?.timeZone.identifier ?? "UTC" }
        let rows = try await stores.escalations.statistics(tenant: tenant, queueIDs: wanted, timeZones: zones)
        var byQueue: [String: PostgresRow] = [:]
        for row in rows { byQueue[try row.decode(String.self, "queue_id")] = row }
        let live = try await liveAgents(tenant: tenant)
        let now = Date()
        return try .with { response in
            response.computeTime = .init(date: now)
            for queueID in wanted {
                let entry = all[queueID]!
                var stats = RouterV1.QueueStatistics()
                stats.queueID = queueID
                let serving = live.filter { $0.agent.queueIDs.isEmpty || $0.agent.queueIDs.contains(queueID) }
                stats.agentsAvailable = UInt32(serving.filter { $0.status.presence == .available }.count)
                stats.agentsBusy = UInt32(serving.filter { $0.status.presence == .busy }.count)
                stats.isOpen = entry.config.businessHours.map { BusinessCalendar($0).isOpen(at: now) } ?? true
                if let row = byQueue[queueID] {
                    stats.waiting = UInt32(try row.decode(Int64.self, "waiting"))
                    stats.offered = UInt32(try row.decode(Int64.self, "offered"))
                    stats.assigned = UInt32(try row.decode(Int64.self, "assigned"))
                    stats.callbacksScheduled = UInt32(try row.decode(Int64.self, "callbacks"))
                    stats.longestWait = .init(timeInterval: try row.decode(Double.self, "longest"))
                    stats.averageWait = .init(timeInterval: try row.decode(Double.self, "average"))
                    stats.completedToday = UInt64(try row.decode(Int64.self, "completed_today"))
                    for urgency in try row.decode([Int64].self, "waiting_urgencies") {
                        stats.waitingByUrgency[Int32(urgency), default: 0] += 1
                    }
                    let answers = try row.decode([Int64].self, "answer_ms")
                    if let target = entry.proto.target, let within = target.answerWithin, !answers.isEmpty {
                        let limit = Int64(within.timeInterval * 1000)
                        stats.serviceLevel = Float(answers.filter { $0 <= limit }.count) / Float(answers.count)
                    }
                }
                response.queues.append(stats)
            }
        }
    }
}
