import API
import Foundation
import PlannerCore
import RPC
import Store
import Wire

extension PlannerService {
    func confirmAction(_ request: PlannerV1.ConfirmActionRequest, context: ServerContext) async throws -> PlannerV1.ConfirmActionResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        try PlannerValidation.id(request.conversationID, "conversation_id")
        guard let id = UUID(uuidString: request.confirmationID) else {
            throw RPCError.invalidArgument(field: "confirmation_id", "not a confirmation id")
        }
        let tenant = request.tenantID
        let now = Date()
        guard let confirmation = try await stores.confirmations.find(tenant: tenant, id: id),
              confirmation.conversationID == request.conversationID else {
            throw RPCError(.notFound, "confirmation \(request.confirmationID) not found in conversation \(request.conversationID)")
        }
        guard confirmation.state == .pending else {
            throw RPCError(.failedPrecondition, "confirmation \(request.confirmationID) was already answered (\(confirmation.state.name))")
        }
        if confirmation.expireAt <= now {
            if try await stores.confirmations.claim(tenant: tenant, id: id, state: .expired, now: now) {
                _ = try await recordAnswer(confirmation, tenant: tenant, state: .expired, step: nil, now: now)
            }
            throw RPCError(.failedPrecondition, "confirmation \(request.confirmationID) expired at \(confirmation.expireAt)")
        }
        // Claim the answer first: of two answers racing (or an answer and the expiry), one acts and the other is
        // told it is taken; a failed action gives the claim back for a retry.
        let state: StoredConfirmationState = request.confirmed ? .confirmed : .declined
        guard try await stores.confirmations.claim(tenant: tenant, id: id, state: state, now: now) else {
            throw RPCError(.failedPrecondition, "confirmation \(request.confirmationID) was answered meanwhile or expired")
        }
        let description = ActionDescription(confirmation.action)
        let messages = CustomerMessages(language: confirmation.language)
        var outcome = PlannerV1.TurnOutcome.with {
            $0.turnID = confirmation.turnID
            $0.decideTime = .init(date: now)
        }
        if request.confirmed {
            let customerID = try await stores.conversations.load(tenant: tenant, conversation: request.conversationID)?
                .transcript.customer?.customerID ?? ""
            let step = await execute(confirmation.action, tenant: tenant, customerID: customerID,
                                     conversationID: request.conversationID, approvedAmount: nil,
                                     explanation: "The customer confirmed the irreversible action.")
            guard step.state == .succeeded else {
                try await stores.confirmations.release(tenant: tenant, id: id, from: state)
                throw RPCError(.unavailable, "the action could not run (\(step.error)); the confirmation stays pending, try again")
            }
            outcome.auditSequence = try await recordAnswer(confirmation, tenant: tenant, state: state, step: step, now: now)
            outcome.decision = .execute
            outcome.steps = [step]
            outcome.rationale = "The customer confirmed: \(description.text(in: "en"))."
            outcome.customerMessage = messages.executed(description)
        } else {
            outcome.auditSequence = try await recordAnswer(confirmation, tenant: tenant, state: state, step: nil, now: now)
            outcome.decision = .continue
            outcome.rationale = "The customer declined: \(description.text(in: "en"))."
            outcome.customerMessage = messages.notDone(description)
        }
        return .with { $0.outcome = outcome }
    }

    /// Records a claimed confirmation's answer (and the action it ran) in the
    /// audit log; the answer's sequence (0 when it waits in the outbox).
    private func recordAnswer(_ confirmation: ConfirmationStore.Row, tenant: String, state: StoredConfirmationState,
                              step: PlannerV1.PlanStep?, now: Date) async throws -> UInt64 {
        let subjects: [AuditV1.AuditSubject] = [.with { $0.kind = .conversation; $0.subjectID = confirmation.conversationID }]
        let key = "planner/confirmation/\(tenant)/\(confirmation.id.uuidString.lowercased())"
        let answer = record(tenant: tenant, kind: .actionConfirmed, decision: state.name,
                            rationale: "Confirmation of \(ActionDescription(confirmation.action).text(in: "en")): \(state.name).",
                            subjects: subjects, inputs: ["action_id": confirmation.action.actionID], now: now)
        let outboxID: Int64 = try await stores.pool.transaction { session in
            if let step {
                let action = self.actionRecord(step, tenant: tenant, rationale: step.explanation, subjects: subjects, now: now)
                try await self.stores.auditOutbox.add(action.record, key: action.key, session: session)
            }
            return try await self.stores.auditOutbox.add(answer, key: key, session: session)
        }
        return await appendNow(outboxID: outboxID, key: key, record: answer)
    }

    func decideApproval(_ request: PlannerV1.DecideApprovalRequest, context: ServerContext) async throws -> PlannerV1.DecideApprovalResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        guard let id = UUID(uuidString: request.approvalID) else {
            throw RPCError.invalidArgument(field: "approval_id", "not an approval id")
        }
        guard request.decision != .unspecified else { throw RPCError.invalidArgument(field: "decision", "required") }
        try PlannerValidation.principal(request.approver, "approver")
        guard request.approver!.kind == .supervisor || request.approver!.kind == .administrator else {
            throw RPCError(.permissionDenied, "approver: only a supervisor or an administrator decides approvals")
        }
        if request.decision == .reject && request.reason.isEmpty {
            throw RPCError.invalidArgument(field: "reason", "required when rejecting")
        }
        let tenant = request.tenantID
        let now = Date()
        guard let row = try await stores.pool.transaction({ session in
            try await self.stores.approvals.lock(tenant: tenant, id: id, session: session)
        }) else { throw RPCError(.notFound, "approval \(request.approvalID) not found") }
        guard row.approval.state == .pending else {
            throw RPCError(.failedPrecondition, "approval \(request.approvalID) is no longer pending (\(row.approval.state))")
        }
        if let expiry = row.approval.expireTime?.date, expiry <= now {
            if try await stores.approvals.claim(tenant: tenant, id: id, state: .expired, now: now) {
                _ = try await close(row, state: .expired, by: nil, reason: "expired", amount: nil, step: nil, now: now)
            }
            throw RPCError(.failedPrecondition, "approval \(request.approvalID) expired at \(expiry)")
        }
        let description = ActionDescription(row.approval.action ?? .init())
        let messages = CustomerMessages(language: row.language)
        if let amount = request.approvedAmount {
            try PlannerValidation.money(amount, "approved_amount")
            guard amount.currencyCode == description.currency else {
                throw RPCError.invalidArgument(field: "approved_amount.currency_code", "must be \(description.currency), the requested currency")
            }
            guard amount.amountMinor <= description.amountMinor else {
                throw RPCError.invalidArgument(field: "approved_amount.amount_minor", "must not exceed the requested \(description.amountMinor)")
            }
        }
        // Claim the decision first: of two decisions racing (or a decision and the expiry job), one acts and the
        // other is told it is taken; a failed action gives the claim back for a retry.
        let claimed: StoredApprovalState = request.decision == .approve ? .approved : .rejected
        guard try await stores.approvals.claim(tenant: tenant, id: id, state: claimed, now: now) else {
            throw RPCError(.failedPrecondition, "approval \(request.approvalID) is no longer pending (decided meanwhile or expired)")
        }
        var steps: [PlannerV1.PlanStep] = []
        var message: String
        if request.decision == .approve {
            let step = await execute(row.approval.action ?? .init(), tenant: tenant, customerID: row.customerID,
                                     conversationID: row.approval.conversationID, approvedAmount: request.approvedAmount,
                                     explanation: "Approved by \(request.approver!.principalID).")
            guard step.state == .succeeded else {
                try await stores.approvals.release(tenant: tenant, id: id, from: claimed)
                throw RPCError(.unavailable, "the approved action could not run (\(step.error)); the approval stays pending, try again")
            }
            steps = [step]
            var approved = description
            if let amount = request.approvedAmount { approved.amountMinor = amount.amountMinor }
            message = messages.executed(approved)
        } else {
            message = messages.rejected(description)
        }
        let approval = try await close(row, state: request.decision == .approve ? .approved : .rejected, by: request.approver,
                                       reason: request.reason, amount: request.approvedAmount, step: steps.first, now: now)
        return .with {
            $0.approval = approval
            $0.steps = steps
            $0.customerMessage = message
        }
    }

    /// Records an approval's end with its audit records and, when a
    /// supervisor's task was opened for it, owes the router that task's
    /// cancellation (done at once, else in the background); the approval
    /// as stored.
    func close(_ row: ApprovalStore.Row, state: PlannerV1.ApprovalState, by approver: CommonV1.Principal?, reason: String,
               amount: CommonV1.Money?, step: PlannerV1.PlanStep?, now: Date) async throws -> PlannerV1.Approval {
        let tenant = row.approval.tenantID
        let subjects: [AuditV1.AuditSubject] = [
            .with { $0.kind = .approval; $0.subjectID = row.approval.approvalID },
            .with { $0.kind = .conversation; $0.subjectID = row.approval.conversationID },
        ]
        let key = "planner/approval/\(tenant)/\(row.approval.approvalID)"
        var inputs = ["action_id": row.approval.action?.actionID ?? "", "rule": row.approval.ruleID]
        if let amount { inputs["approved_amount"] = "\(amount.amountMinor) \(amount.currencyCode)" }
        let decided = record(tenant: tenant, kind: .approvalDecided, decision: "\(state)",
                             rationale: reason.isEmpty ? row.approval.rationale : reason, subjects: subjects, inputs: inputs,
                             policyVersion: row.approval.policyVersion, by: approver, now: now)
        // The supervisor's task (when one was opened) has nothing left to decide.
        let task = row.approval.escalationID
        let cancelKey = "cancel/\(tenant)/\(task)"
        let cancellation = task.isEmpty || peers.router == nil ? nil
            : PendingWorkStore.add(tenant: tenant, kind: .cancelEscalation, key: cancelKey, payload: Data(RouterV1.CancelRequest.with {
                $0.tenantID = tenant
                $0.escalationID = task
                $0.reason = "approval \(row.approval.approvalID) \(state)"
            }.serializedBytes()))
        let result: (PlannerV1.Approval, Int64)? = try await stores.pool.transaction { session in
            guard var current = try await self.stores.approvals.lock(tenant: tenant, id: UUID(uuidString: row.approval.approvalID)!,
                                                                     session: session),
                  current.approval.state == .pending else { return nil }
            current.approval.state = state
            if let approver { current.approval.decidedBy = approver }
            current.approval.decisionReason = reason
            current.approval.decideTime = .init(date: now)
            if let amount { current.approval.approvedAmount = amount }
            try await self.stores.approvals.update(current.approval, session: session)
            if let step {
                let action = self.actionRecord(step, tenant: tenant, rationale: step.explanation, subjects: subjects,
                                               policyVersion: row.approval.policyVersion, by: approver, now: now)
                try await self.stores.auditOutbox.add(action.record, key: action.key, session: session)
            }
            if let cancellation { try await session.query(cancellation) }
            return (current.approval, try await self.stores.auditOutbox.add(decided, key: key, session: session))
        }
        guard let (approval, outboxID) = result else {
            throw RPCError(.failedPrecondition, "approval \(row.approval.approvalID) was decided concurrently")
        }
        if cancellation != nil {
            _ = await work.runNow(key: cancelKey, timeout: settings.peerTimeout) as RouterV1.CancelResponse?
        }
        _ = await appendNow(outboxID: outboxID, key: key, record: decided)
        return approval
    }

    /// Expires pending approvals past their time (a background job).
    func expireApprovals() async throws {
        for (tenant, id) in try await stores.approvals.due(now: Date(), limit: 100) {
            guard let row = try await stores.pool.transaction({ session in
                try await self.stores.approvals.lock(tenant: tenant, id: id, session: session)
            }), row.approval.state == .pending,
                  try await stores.approvals.claim(tenant: tenant, id: id, state: .expired, now: Date()) else { continue }
            _ = try? await close(row, state: .expired, by: nil, reason: "no decision before the approval expired", amount: nil,
                                 step: nil, now: Date())
        }
    }

    func listApprovals(_ request: PlannerV1.ListApprovalsRequest, context: ServerContext) async throws -> PlannerV1.ListApprovalsResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        guard (0...100).contains(request.pageSize) else { throw RPCError.invalidArgument(field: "page_size", "must be 0 to 100") }
        let size = request.pageSize == 0 ? 20 : Int(request.pageSize)
        let offset: Int
        if request.pageToken.isEmpty {
            offset = 0
        } else if let value = Int(request.pageToken), value > 0 {
            offset = value
        } else {
            throw RPCError.invalidArgument(field: "page_token", "not a token from this method")
        }
        var states: [StoredApprovalState] = []
        for (index, state) in request.states.enumerated() {
            guard state != .unspecified else { throw RPCError.invalidArgument(field: "states[\(index)]", "unspecified") }
            states.append(StoredApprovalState(state))
        }
        let approvals = try await stores.approvals.list(tenant: request.tenantID, states: states, offset: offset, limit: size + 1)
        return .with {
            $0.approvals = Array(approvals.prefix(size))
            if approvals.count > size { $0.nextPageToken = "\(offset + size)" }
        }
    }
}
