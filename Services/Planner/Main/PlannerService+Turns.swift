import API
import Foundation
import PlannerCore
import RPC
import ServiceKit
import Store
import Wire

extension PlannerService {
    func handleTurn(_ request: PlannerV1.HandleTurnRequest, context: ServerContext) async throws -> PlannerV1.HandleTurnResponse {
        try PlannerValidation.validate(request)
        // A turn that loses the race for its conversation to another turn (decided on the same earlier state)
        // writes nothing and is decided again on the new state.
        for _ in 0..<3 {
            if let outcome = try await decide(request) { return .with { $0.outcome = outcome } }
        }
        // The last race may have been lost to this very turn, stored by a retry of it racing this call (the turn and
        // its retry each lose to the two other turns and to each other: three losses): then its answer.
        if let answer = try await stores.turns.find(tenant: request.tenantID, conversation: request.conversationID,
                                                    turn: request.turnID) {
            let outcome = try await replay(answer, of: request, fingerprint: Self.fingerprint(request))
            return .with { $0.outcome = outcome }
        }
        throw RPCError(.aborted, "conversation_id: other turns kept changing the conversation meanwhile; send the turn again")
    }

    /// Decides and stores one turn; nil when another turn of the conversation was stored first.
    private func decide(_ request: PlannerV1.HandleTurnRequest) async throws -> PlannerV1.TurnOutcome? {
        let tenant = request.tenantID
        let fingerprint = Self.fingerprint(request)
        let phases = TurnPhases()
        let reads = try await stores.pool.withConnection { session in
            try await session.pipeline([TurnStore.find(tenant: tenant, conversation: request.conversationID, turn: request.turnID),
                                        ConversationStore.load(tenant: tenant, conversation: request.conversationID)])
        }
        if let answer = try TurnStore.decode(reads[0]) { return try await replay(answer, of: request, fingerprint: fingerprint) }
        phases.end("load")
        let now = Date()
        let stored = try ConversationStore.decode(reads[1])
        var conversation = Self.transcript(request, stored: stored?.transcript, now: now)
        var mode = stored?.mode ?? .bot
        var handedBack = stored?.handedBack ?? false
        var previousAgentID = stored?.previousAgentID ?? ""
        var steps: [PlannerV1.PlanStep] = []
        if case .person(let escalationID) = mode {
            switch await beforeStoring({ await escalationEnded(tenant: tenant, escalationID: escalationID) }) {
            case .handedBack(let lastAgent):
                _ = try await stores.conversations.handBack(tenant: tenant, conversation: request.conversationID, escalation: escalationID,
                                                            lastAgent: lastAgent)
                mode = .bot
                handedBack = true
                if !lastAgent.isEmpty { previousAgentID = lastAgent }
            case .ended(let lastAgent):
                try await stores.conversations.release(tenant: tenant, conversation: request.conversationID, escalation: escalationID,
                                                       lastAgent: lastAgent)
                mode = .bot
                if !lastAgent.isEmpty { previousAgentID = lastAgent }
            case .open:
                break
            }
        }
        let customer = request.customer ?? request.conversation?.customer ?? stored?.transcript.customer
        if let customer { conversation.customer = customer }

        // The policy in force for this conversation (chosen by the conversation and its channel alone), so that the
        // look-ups it requires whatever the input run beside signals: a look-up with a `when` (which may read
        // signals' report) waits for it.
        let rollout = try await rollout(tenant: tenant)
        let version = rollout.version(conversation: request.conversationID, channel: TurnFacts.channelName(conversation.channel))
        let policy = version == 0 ? BuiltInPolicy.compiled : try await self.policy(tenant: tenant, version: version) ?? BuiltInPolicy.compiled
        phases.end("policy")
        let customerID = customer?.customerID ?? ""
        let lookupsBesideSignals = mode == .bot ? policy.unconditionalLookups : []
        async let foundBesideSignals = beforeStoring {
            await gather(lookupsBesideSignals, tenant: tenant, customerID: customerID, action: request.requestedAction)
        }

        // Signals, unless a person has the conversation.
        var evaluation: SignalsV1.EvaluateResponse?
        if mode == .bot {
            evaluation = await beforeStoring { await evaluate(request, conversation: conversation, steps: &steps) }
        }
        phases.end("signals")
        let (fresh, stale) = TurnDecider.partition(evaluation?.triggers ?? [], escalated: stored?.escalatedFirings ?? [])
        let facts = TurnFacts(conversation: conversation, customer: customer, evaluation: evaluation, triggers: fresh,
                              action: request.requestedAction, customerTurns: (stored?.customerTurns ?? 0) + 1,
                              handedBack: handedBack, startedAt: stored?.startedAt ?? now, now: now, clock: settings.clock)
        var input = facts.policyInput
        var decision: TurnDecision
        if case .person(let escalationID) = mode {
            decision = TurnDecision(decision: .handoff, ruleID: TurnOverride.withPerson.ruleID,
                                    rationale: "A person has the conversation (escalation \(escalationID)); the turn goes to them.",
                                    override: .withPerson)
        } else {
            // The context the policy requires (each `when` read on the input before any look-up), in document order.
            let required = policy.requiredLookups(for: input)
            var found = await foundBesideSignals
            let rest = required.filter { !lookupsBesideSignals.contains($0) }
            found.merge(await beforeStoring {
                await gather(rest, tenant: tenant, customerID: customerID, action: request.requestedAction)
            }) { first, _ in first }
            for lookup in required {
                guard let context = found[lookup] else { continue }
                context.apply(to: &input)
                steps.append(context.step)
            }
            phases.end("look-ups")
            let verdict = policy.decide(input)
            decision = TurnDecider.decide(verdict: verdict, fresh: fresh, stale: stale, handedBack: handedBack, action: input.action)
        }
        phases.end("decide")

        // Acting on the decision: execute within authority, or prepare what the decision opens.
        let action = request.requestedAction.map(ActionDescription.init)
        let messages = CustomerMessages(language: conversation.language)
        var outcome = PlannerV1.TurnOutcome.with {
            $0.turnID = request.turnID
            $0.triggers = evaluation?.triggers ?? []
            $0.riskScore = evaluation?.riskScore ?? 0
            $0.policyVersion = version
            $0.decideTime = .init(date: now)
        }
        var actionExecuted = false
        if decision.decision == .execute, let requested = request.requestedAction, let action {
            let step = await beforeStoring {
                await execute(requested, tenant: tenant, customerID: customer?.customerID ?? "",
                              conversationID: request.conversationID, approvedAmount: nil, explanation: decision.rationale)
            }
            steps.append(step)
            if step.state == .succeeded {
                actionExecuted = true
                outcome.customerMessage = messages.executed(action)
            } else {
                decision.decision = .handoff
                decision.override = .actionFailed
                decision.ruleID = TurnOverride.actionFailed.ruleID
                decision.rationale = "The action was allowed but failed (\(step.error)); a person takes over. (\(decision.rationale))"
                outcome.customerMessage = messages.actionFailed(action)
            }
        }
        var confirmation: ConfirmationStore.Row?
        var approval: ApprovalStore.Row?
        var escalationID = ""
        switch decision.decision {
        case .confirm:
            let row = ConfirmationStore.Row(id: UUID(), conversationID: request.conversationID, turnID: request.turnID,
                                            action: request.requestedAction!, language: conversation.language, state: .pending,
                                            expireAt: now.addingTimeInterval(decision.confirmationTTL.timeInterval))
            confirmation = row
            outcome.confirmationID = row.id.uuidString.lowercased()
            outcome.confirmationTTL = GoogleProtobuf.Duration(timeInterval: decision.confirmationTTL.timeInterval)
            outcome.customerMessage = messages.confirm(action!)
            steps.append(Self.actionStep(request.requestedAction!, state: .awaitingConfirmation, tenant: tenant,
                                         connector: peers.connector?.name(tenant: tenant) ?? "",
                                         explanation: "Irreversible: runs once the customer confirms."))
        case .approval:
            let id = UUID().uuidString.lowercased()
            let options = decision.approval ?? ApprovalOptions()
            if options.routeToSupervisor { escalationID = "approval-\(id)" }
            approval = ApprovalStore.Row(approval: .with {
                $0.approvalID = id
                $0.tenantID = tenant
                $0.conversationID = request.conversationID
                $0.action = request.requestedAction!
                $0.state = .pending
                $0.rationale = decision.rationale
                $0.triggers = fresh
                $0.escalationID = escalationID
                $0.createTime = .init(date: now)
                $0.expireTime = .init(date: now.addingTimeInterval(options.ttl.timeInterval))
                $0.policyVersion = version
                $0.ruleID = decision.ruleID
            }, language: conversation.language, customerID: customer?.customerID ?? "")
            outcome.approvalID = id
            outcome.escalationID = escalationID
            outcome.customerMessage = messages.awaitingApproval(action!)
            steps.append(Self.actionStep(request.requestedAction!, state: .awaitingApproval, tenant: tenant,
                                         connector: peers.connector?.name(tenant: tenant) ?? "",
                                         explanation: "Over the bot's authority: runs once a person approves."))
        case .handoff:
            if case .person(let existing) = mode {
                escalationID = existing
            } else {
                escalationID = UUID().uuidString.lowercased()
                // Without a router nobody will take the conversation: the bot keeps it (the outcome still says HANDOFF).
                if peers.router != nil { mode = .person(escalationID: escalationID) }
                // Stored with the turn, so that a replay always has words for the customer; baton-handoff's message
                // replaces it once written.
                if outcome.customerMessage.isEmpty { outcome.customerMessage = messages.handoffFallback() }
            }
            outcome.escalationID = escalationID
        case .continue, .execute:
            break
        }
        outcome.decision = Self.wire(decision.decision)
        outcome.rationale = decision.rationale
        outcome.steps = steps

        // One transaction: the turn, the conversation, what the decision opens, the work it owes, its audit record.
        let newEscalation = decision.decision == .handoff && decision.override != .withPerson
        let enqueue = newEscalation && peers.router != nil
            ? escalationRequest(escalationID, tenant: tenant, conversation: conversation, facts: facts, input: input, decision: decision,
                                previousAgentID: previousAgentID) : nil
        let build = newEscalation && peers.handoff != nil ? packageRequest(escalationID, tenant: tenant, conversation: conversation, triggers: fresh,
                                                   request: request, decision: decision, steps: steps) : nil
        let approvalTask = approval.flatMap { row in
            row.approval.escalationID.isEmpty || peers.router == nil ? nil
                : approvalEscalation(row.approval, conversation: conversation, input: input, decision: decision)
        }
        var rememberedFirings = stored?.escalatedFirings ?? []
        rememberedFirings.formUnion(decision.escalatingFirings.map(\.key))
        let auditKey = Self.auditKey(of: request)
        let turnRecord = record(tenant: tenant, kind: .turnDecision, decision: decision.decision.rawValue,
                                rationale: decision.rationale, subjects: Self.subjects(request, customer: customer, escalationID: escalationID),
                                inputs: Self.auditInputs(input, decision: decision, evaluation: evaluation),
                                policyVersion: version, models: evaluation?.modelVersions ?? [], now: now)
        let conversationRow = ConversationStore.Row(transcript: conversation, customerTurns: facts.customerTurns, mode: mode,
                                                    handedBack: handedBack, escalatedFirings: rememberedFirings,
                                                    startedAt: stored?.startedAt ?? now)
        // One transaction in one round trip, guarded by the conversation's turn count: a turn that lost the race
        // for its conversation writes nothing (the guard fails), a retry of a stored turn meets the primary key.
        var statements = [
            ConversationStore.save(tenant: tenant, conversation: request.conversationID, conversationRow, turnID: request.turnID,
                                   previousTurns: stored?.customerTurns ?? 0),
            try TurnStore.insert(tenant: tenant, conversation: request.conversationID, fingerprint: fingerprint,
                                 decision: decision.decision, ruleID: decision.ruleID, input: input, outcome: outcome),
        ]
        if let confirmation { statements.append(ConfirmationStore.open(tenant: tenant, confirmation)) }
        if let approval { statements.append(ApprovalStore.open(approval)) }
        if let enqueue {
            statements.append(PendingWorkStore.add(tenant: tenant, kind: .enqueue, key: "enqueue/\(tenant)/\(escalationID)",
                                                   payload: Data(enqueue.serializedBytes())))
        }
        if let approvalTask {
            statements.append(PendingWorkStore.add(tenant: tenant, kind: .enqueue, key: "enqueue/\(tenant)/\(escalationID)",
                                                   payload: Data(approvalTask.serializedBytes())))
        }
        if let build {
            statements.append(PendingWorkStore.add(tenant: tenant, kind: .buildPackage, key: "build/\(tenant)/\(escalationID)",
                                                   payload: Data(build.serializedBytes())))
        }
        let executedRecord = actionExecuted ? steps.last.map {
            actionRecord($0, tenant: tenant, rationale: decision.rationale,
                         subjects: Self.subjects(request, customer: customer, escalationID: ""), policyVersion: version, now: now)
        } : nil
        if let executedRecord { statements.append(AuditOutboxStore.add(executedRecord.record, key: executedRecord.key)) }
        statements.append(AuditOutboxStore.add(turnRecord, key: auditKey, turn: request.turnID))
        let outboxRow: PostgresRow
        phases.end("prepare")
        do {
            outboxRow = try await stores.pool.pipelinedTransaction(statements).last![0]
        } catch let error as PostgresError where error.isUniqueViolation {
            // Another replica stored the same turn first: its answer.
            guard let answer = try await stores.turns.find(tenant: tenant, conversation: request.conversationID, turn: request.turnID) else {
                throw error
            }
            return try await replay(answer, of: request, fingerprint: fingerprint)
        } catch where ConversationStore.isLostRace(error) {
            // Another turn of the conversation was stored first; this one is decided again. An action it ran stays
            // recorded (the retry's connector call replays it under the same key).
            if let executedRecord { try await audit(executedRecord.record, key: executedRecord.key) }
            return nil
        }
        phases.end("commit")
        let committed = (outcome: outcome, outboxID: try outboxRow.decode(Int64.self, "id"),
                         older: try outboxRow.decode(Bool.self, "older"))

        // After the commit: the work the decision owes, then the audit sequence. Each may wait for the background;
        // what does not finish before the caller's deadline (less a little to send the answer) is left to it.
        outcome = committed.outcome
        await beforeAnswering {
            if newEscalation {
                if enqueue != nil, let response = await work.runNow(key: "enqueue/\(tenant)/\(escalationID)",
                                                                    timeout: settings.peerTimeout) as RouterV1.EnqueueResponse? {
                    outcome.waitEstimate = response.waitEstimate ?? .init()
                }
                if build != nil, let built = await work.runNow(key: "build/\(tenant)/\(escalationID)",
                                                               timeout: settings.peerTimeout) as HandoffV1.BuildResponse? {
                    outcome.handoffPackageID = built.handoffPackage?.packageID ?? ""
                }
                if decision.override != .actionFailed {
                    outcome.customerMessage = await transitionMessage(tenant: tenant, escalationID: escalationID,
                                                                      conversation: conversation, wait: outcome.waitEstimate,
                                                                      messages: messages)
                }
            } else if approvalTask != nil {
                _ = await work.runNow(key: "enqueue/\(tenant)/\(escalationID)",
                                      timeout: settings.peerTimeout) as RouterV1.EnqueueResponse?
            }
            if newEscalation || approvalTask != nil { phases.end("escalation work") }
            // What the work after the decision added to the answer is stored for a retry; the audit sequence is
            // stored with the turn by whoever appends its record (AuditOutboxStore.shipped).
            let completion = outcome == committed.outcome
                ? [] : [TurnStore.complete(tenant: tenant, conversation: request.conversationID, outcome: outcome)]
            // When the answer needs only the sequence (nothing to complete), it does not wait for the write that
            // forgets the outbox row and keeps the sequence on the turn: a retry that comes before that write finds
            // the record still in the outbox and appends it again, which the log answers with the first append's
            // index (`replay`), so it gets the same outcome. A completed outcome (the wait estimate, the package) is
            // stored before the answer, so that a retry finds it.
            let appendAndStore = { @Sendable [self] in
                await appendNow(outboxID: committed.outboxID, key: auditKey, record: turnRecord, olderWaiting: committed.older,
                                alsoRun: completion, recordAfterwards: completion.isEmpty, phases: phases)
            }
            if settings.auditSequenceInAnswer {
                outcome.auditSequence = await appendAndStore()
            } else {
                // The record is committed with the turn (the outbox), so the answer need not wait for the log: the
                // append runs after it, and a retried turn gets the stored outcome with the sequence.
                afterAnswer { _ = await appendAndStore() }
            }
        }
        if phases.elapsed >= settings.slowTurn {
            logger.warning("slow turn", metadata: ["tenant": "\(tenant)", "conversation": "\(request.conversationID)",
                                                   "turn": "\(request.turnID)", "milliseconds": "\(phases.summary)"])
        }
        logger.info("turn decided", metadata: ["tenant": "\(tenant)", "conversation": "\(request.conversationID)",
                                               "decision": "\(decision.decision.rawValue)", "rule": "\(decision.ruleID)"])
        return outcome
    }

    /// A stored answer for a retried turn, with its audit sequence: a stored
    /// sequence of 0 means the record is still in the outbox (the write after
    /// the append comes after the first answer, or the log was down), and it
    /// is appended now; the log answers a key it has with the first append's
    /// index, so the retry carries the sequence the first answer did.
    func replay(_ answer: TurnStore.Answer, of request: PlannerV1.HandleTurnRequest,
                fingerprint: Data) async throws -> PlannerV1.TurnOutcome {
        let outcome = try Self.replay(answer, fingerprint: fingerprint)
        guard outcome.auditSequence == 0 else { return outcome }
        let key = Self.auditKey(of: request)
        if let waiting = try await stores.auditOutbox.waiting(key: key) {
            var appended = outcome
            appended.auditSequence = await appendNow(outboxID: waiting.id, key: key, record: waiting.record)
            if appended.auditSequence != 0 { return appended }
            // 0: the row was forgotten between the two reads (the winner recorded its append meanwhile, with the
            // sequence on the turn in the same transaction), or the audit log did not answer.
        }
        // Forgotten since the turn was read: the sequence is on the turn now.
        let again = try await stores.turns.find(tenant: request.tenantID, conversation: request.conversationID, turn: request.turnID)
        return try again.map { try Self.replay($0, fingerprint: fingerprint) } ?? outcome
    }

    /// The idempotency key of a turn's decision record in the audit log.
    static func auditKey(of request: PlannerV1.HandleTurnRequest) -> String {
        "planner/turn/\(request.tenantID)/\(request.conversationID)/\(request.turnID)"
    }

    /// A stored answer for a retried turn; a reused turn id with another message is refused.
    static func replay(_ answer: TurnStore.Answer, fingerprint: Data) throws(RPCError) -> PlannerV1.TurnOutcome {
        guard answer.fingerprint == fingerprint else {
            throw .invalidArgument(field: "turn_id", "already used for a different message or action in this conversation")
        }
        return answer.outcome
    }

    /// What identifies a turn's content: its message (id, role, text) and
    /// requested action. The send time is left out: a bot retrying a turn
    /// may stamp it again.
    static func fingerprint(_ request: PlannerV1.HandleTurnRequest) -> Data {
        var bytes = Array((request.message?.messageID ?? "").utf8)
        bytes.append(0)
        bytes += Array("\(request.message?.role.rawValue ?? 0)".utf8)
        bytes.append(0)
        bytes += Array((request.message?.text ?? "").utf8)
        bytes.append(0)
        bytes += request.requestedAction?.serializedBytes() ?? []
        return Data(SHA256Digest.bytes(bytes))
    }

    /// The conversation with the new message last: the bot's copy when it
    /// sends one, else the stored one. A message without a send time gets
    /// the time the planner received it (packages and signals read times).
    static func transcript(_ request: PlannerV1.HandleTurnRequest, stored: CommonV1.Conversation?, now: Date) -> CommonV1.Conversation {
        var conversation = (request.conversation?.messages.isEmpty == false ? request.conversation : stored) ?? .init()
        conversation.conversationID = request.conversationID
        conversation.tenantID = request.tenantID
        if request.channel != .unspecified { conversation.channel = request.channel }
        if conversation.channel == .unspecified, let channel = request.conversation?.channel { conversation.channel = channel }
        if let language = request.conversation?.language, !language.isEmpty { conversation.language = language }
        if conversation.language.isEmpty { conversation.language = request.customer?.language ?? "" }
        if conversation.language.isEmpty { conversation.language = "en" }
        if let message = request.message,
           !(conversation.messages.last.map { $0.messageID == message.messageID && !message.messageID.isEmpty } ?? false) {
            conversation.messages.append(message)
        }
        for index in conversation.messages.indices where conversation.messages[index].sendTime == nil {
            conversation.messages[index].sendTime = .init(date: now)
        }
        if conversation.startTime == nil { conversation.startTime = conversation.messages.first?.sendTime }
        return conversation
    }

    /// Signals' report for the turn, or nil (with a failed step) when
    /// signals cannot answer in time: the policy's fail-safe then decides.
    func evaluate(_ request: PlannerV1.HandleTurnRequest, conversation: CommonV1.Conversation,
                  steps: inout [PlannerV1.PlanStep]) async -> SignalsV1.EvaluateResponse? {
        let started = Date()
        do {
            return try await peers.signals.evaluate(.with {
                $0.tenantID = request.tenantID
                $0.conversation = conversation
                $0.events = request.events
                if let confidence = request.botConfidence { $0.botConfidence = confidence }
                if let action = request.requestedAction { $0.requestedAction = action }
                $0.turnID = request.turnID
            }, options: .init(timeout: settings.signalsTimeout))
        } catch {
            logger.warning("signals unavailable; the fail-safe decides", metadata: ["error": "\(error)"])
            steps.append(.with {
                $0.stepID = "signals.evaluate"
                $0.name = "signals.evaluate"
                $0.connector = "baton-signals"
                $0.state = .failed
                $0.error = "\(error)"
                $0.explanation = "Risk report for the turn; without it the policy's fail-safe decides."
                $0.startTime = .init(date: started)
                $0.endTime = .init(date: Date())
            })
            return nil
        }
    }

    /// The decision as the API spells it.
    static func wire(_ decision: PolicyDecision) -> PlannerV1.Decision {
        switch decision {
        case .continue: .continue
        case .execute: .execute
        case .confirm: .confirm
        case .approval: .approval
        case .handoff: .handoff
        }
    }
}
