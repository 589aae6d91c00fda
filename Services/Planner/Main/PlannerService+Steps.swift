import API
import Foundation
import PlannerCore
import RPC
import Wire

extension PlannerService {
    /// How a person's escalation stands, as far as the next turn cares.
    enum EscalationStanding {
        /// Completed as handed back: the bot has the conversation again.
        /// `lastAgent` had it (empty when nobody accepted it).
        case handedBack(lastAgent: String)
        /// Over without a hand-back (resolved, cancelled, expired).
        case ended(lastAgent: String)
        /// Still with a person, or the router cannot say (then it stays with the person).
        case open
    }

    /// Asks the router whether the escalation a person has is over.
    func escalationEnded(tenant: String, escalationID: String) async -> EscalationStanding {
        guard let router = peers.router else { return .open }
        do {
            let escalation = try await router.getEscalation(.with { $0.tenantID = tenant; $0.escalationID = escalationID },
                                                            options: .init(timeout: settings.peerTimeout)).escalation
            let lastAgent = escalation?.lastAgentID ?? ""
            switch escalation?.state {
            case .completed:
                return escalation?.outcome == .handedBackToBot ? .handedBack(lastAgent: lastAgent) : .ended(lastAgent: lastAgent)
            case .cancelled, .expired: return .ended(lastAgent: lastAgent)
            default: return .open
            }
        } catch let error as RPCError where error.code == .notFound {
            // Not enqueued yet (the router was down at the hand-off): still the person's.
            return .open
        } catch {
            logger.warning("router unreachable; the conversation stays with the person", metadata: ["error": "\(error)"])
            return .open
        }
    }

    /// Runs the look-ups the policy requires, one after another; none without a connector.
    func gather(_ lookups: [ContextLookup], tenant: String, customerID: String,
                action: CommonV1.RequestedAction?) async -> [ContextLookup: ContextFound] {
        var found: [ContextLookup: ContextFound] = [:]
        for lookup in lookups {
            found[lookup] = await gather(lookup, tenant: tenant, customerID: customerID, action: action)
        }
        return found
    }

    /// Runs one look-up the policy requires; nil without a connector.
    func gather(_ lookup: ContextLookup, tenant: String, customerID: String,
                action: CommonV1.RequestedAction?) async -> ContextFound? {
        guard let connector = peers.connector else { return nil }
        let started = Date()
        var step = PlannerV1.PlanStep.with {
            $0.connector = connector.name(tenant: tenant)
            $0.startTime = .init(date: started)
        }
        var result = ContextFound.Result.nothing
        do {
            switch lookup {
            case .customer:
                step.name = "crm.lookup_customer"
                step.explanation = "The policy reads the customer's profile."
                step.inputs = ["customer_id": customerID]
                guard !customerID.isEmpty else { throw RPCError.invalidArgument(field: "customer.customer_id", "unknown customer") }
                let profile = try await connector.customer(tenant: tenant, customerID: customerID)
                let tier = TurnFacts.tierName(profile.tier)
                result = .customer(tier: tier, tenureDays: Int(profile.tenureDays))
                step.outputs = ["tier": tier, "tenure_days": "\(profile.tenureDays)"]
            case .order:
                let orderID = action.map(ActionDescription.init)?.orderID ?? ""
                step.name = "orders.lookup_order"
                step.explanation = "The policy checks the order the action is about."
                step.inputs = ["order_id": orderID, "customer_id": customerID]
                guard !orderID.isEmpty else { throw RPCError.invalidArgument(field: "requested_action", "names no order") }
                let order = try await connector.order(tenant: tenant, customerID: customerID, orderID: orderID)
                let found = PolicyInput.Order(order, now: started)
                result = .order(found)
                step.outputs = ["status": order.status, "total": "\(order.totalMinor) \(order.currency)",
                                "warranty_active": "\(found.warrantyActive)"]
            case .tickets:
                step.name = "tickets.find_open"
                step.explanation = "The policy reads the customer's open tickets."
                step.inputs = ["customer_id": customerID]
                guard !customerID.isEmpty else { throw RPCError.invalidArgument(field: "customer.customer_id", "unknown customer") }
                let tickets = try await connector.openTickets(tenant: tenant, customerID: customerID)
                result = .tickets(tickets.map { PolicyInput.Ticket($0, now: started) })
                step.outputs = ["open_tickets": "\(tickets.count)"]
            }
            step.state = .succeeded
        } catch {
            // The policy decides without this context (its `found` flags stay false).
            step.state = .failed
            step.error = "\(error)"
        }
        step.stepID = step.name
        step.endTime = .init(date: Date())
        return ContextFound(step: step, result: result)
    }

    /// Runs an allowed action through the tenant's connector, idempotent on the action's id.
    func execute(_ action: CommonV1.RequestedAction, tenant: String, customerID: String, conversationID: String,
                 approvedAmount: CommonV1.Money?, explanation: String) async -> PlannerV1.PlanStep {
        let connectorName = peers.connector?.name(tenant: tenant) ?? ""
        var step = Self.actionStep(action, state: .planned, tenant: tenant, connector: connectorName, explanation: explanation)
        step.startTime = .init(date: Date())
        if let approvedAmount { step.inputs["approved_amount"] = "\(approvedAmount.amountMinor) \(approvedAmount.currencyCode)" }
        guard let connector = peers.connector else {
            step.state = .failed
            step.error = "no connector is configured for tenant \(tenant)"
            step.endTime = .init(date: Date())
            return step
        }
        do {
            let result = try await connector.execute(tenant: tenant, customerID: customerID, conversationID: conversationID,
                                                     key: step.idempotencyKey, action: action, approvedAmount: approvedAmount)
            step.state = result.succeeded ? .succeeded : .failed
            step.outputs = result.outputs
            if !result.reference.isEmpty { step.outputs["reference"] = result.reference }
            if result.replayed { step.outputs["replayed"] = "true" }
            if !result.succeeded { step.error = result.message }
        } catch {
            step.state = .failed
            step.error = "\(error)"
        }
        step.endTime = .init(date: Date())
        return step
    }

    /// The plan step of a requested action.
    static func actionStep(_ action: CommonV1.RequestedAction, state: PlannerV1.PlanStep.State, tenant: String, connector: String,
                           explanation: String) -> PlannerV1.PlanStep {
        let description = ActionDescription(action)
        return .with {
            $0.stepID = "action:\(action.actionID)"
            $0.name = Self.stepName(description.kind)
            $0.connector = connector
            $0.state = state
            $0.irreversible = description.irreversible
            $0.idempotencyKey = "\(tenant)/\(action.actionID)"
            var inputs = ["action_id": action.actionID, "kind": description.kind]
            if !description.orderID.isEmpty { inputs["order_id"] = description.orderID }
            if description.amountMinor != 0 { inputs["amount"] = description.amountText }
            $0.inputs = inputs
            $0.explanation = explanation
        }
    }

    static func stepName(_ kind: String) -> String {
        switch kind {
        case "refund": "billing.issue_refund"
        case "cancel_order": "orders.cancel"
        case "replacement": "orders.ship_replacement"
        case "account_credit": "billing.credit_account"
        default: "custom.\(kind)"
        }
    }

    /// The router's escalation for a hand-off: skills from the intent,
    /// language, tier, urgency from the triggers, time already spent with the bot.
    func escalationRequest(_ id: String, tenant: String, conversation: CommonV1.Conversation, facts: TurnFacts, input: PolicyInput,
                           decision: TurnDecision, previousAgentID: String) -> RouterV1.EnqueueRequest {
        .with {
            $0.escalation = .with {
                $0.escalationID = id
                $0.tenantID = tenant
                $0.conversationID = conversation.conversationID
                let intent = input.signals.intent
                $0.category = intent.isEmpty ? "general" : String(intent.prefix { $0 != "." })
                if !intent.isEmpty { $0.optionalSkills = [.with { $0.skill = String(intent.prefix { $0 != "." }) }] }
                $0.language = conversation.language
                $0.customerTier = conversation.customer?.tier ?? .unspecified
                $0.urgency = decision.urgency
                $0.reason = String(decision.rationale.prefix(1_000))
                if let trigger = facts.triggers.first { $0.trigger = trigger }
                $0.priorWaitSeconds = UInt32(min(Double(UInt32.max), input.conversation.minutesWithBot * 60))
                if let queue = decision.queue { $0.queueID = queue }
                $0.channel = conversation.channel
                $0.customerID = conversation.customer?.customerID ?? ""
                $0.previousAgentID = previousAgentID
                $0.attributes = ["source": "baton-planner", "rule": decision.ruleID]
            }
        }
    }

    /// The router task asking a supervisor to decide an approval.
    func approvalEscalation(_ approval: PlannerV1.Approval, conversation: CommonV1.Conversation, input: PolicyInput,
                            decision: TurnDecision) -> RouterV1.EnqueueRequest {
        .with {
            $0.escalation = .with {
                $0.escalationID = approval.escalationID
                $0.tenantID = approval.tenantID
                $0.conversationID = approval.conversationID
                $0.category = "approval"
                $0.optionalSkills = [.with { $0.skill = "approvals" }]
                $0.language = conversation.language
                $0.customerTier = conversation.customer?.tier ?? .unspecified
                $0.urgency = decision.urgency
                $0.reason = "Approval \(approval.approvalID): \(String(decision.rationale.prefix(900)))"
                $0.channel = conversation.channel
                $0.customerID = conversation.customer?.customerID ?? ""
                $0.attributes = ["source": "baton-planner", "approval_id": approval.approvalID]
            }
        }
    }

    /// The handoff package request: the transcript, the triggers, the steps taken.
    func packageRequest(_ escalationID: String, tenant: String, conversation: CommonV1.Conversation, triggers: [CommonV1.Trigger],
                        request: PlannerV1.HandleTurnRequest, decision: TurnDecision,
                        steps: [PlannerV1.PlanStep]) -> HandoffV1.BuildRequest {
        let lastIndex = UInt32(max(0, conversation.messages.count - 1))
        let main = triggers.first ?? .with {
            // A policy rule handed off without a signals trigger: the rule is the trigger.
            $0.category = .policy
            $0.name = "policy.\(decision.ruleID)"
            $0.score = 1
            $0.explanation = String(decision.rationale.prefix(500))
            $0.evidence = .with { $0.messageIndexes = [lastIndex]; $0.note = "decided by the tenant's policy" }
        }
        return .with {
            $0.tenantID = tenant
            $0.escalationID = escalationID
            $0.conversation = conversation
            $0.trigger = main
            $0.additionalTriggers = Array(triggers.dropFirst())
            $0.events = request.events
            if let action = request.requestedAction { $0.requestedAction = action }
            $0.urgency = decision.urgency
            $0.steps = steps.compactMap(Self.attemptedStep)
        }
    }

    /// An action step as the package lists what was tried (look-ups are
    /// Baton's own reading, not something tried for the customer).
    static func attemptedStep(_ step: PlannerV1.PlanStep) -> HandoffV1.AttemptedStep? {
        guard step.inputs["action_id"] != nil else { return nil }
        let result: HandoffV1.StepResult
        switch step.state {
        case .succeeded: result = .succeeded
        case .failed: result = .failed
        case .awaitingApproval, .awaitingConfirmation: result = .pending
        default: return nil
        }
        return .with {
            $0.kind = .action
            $0.description = String(step.name.prefix(500))
            $0.result = result
            $0.detail = String((step.state == .failed ? step.error
                : step.outputs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")).prefix(500))
        }
    }

    /// What the customer hears on a hand-off: baton-handoff's transition
    /// message with the wait estimate, or the planner's fallback.
    func transitionMessage(tenant: String, escalationID: String, conversation: CommonV1.Conversation,
                           wait: CommonV1.WaitEstimate?, messages: CustomerMessages) async -> String {
        guard let handoff = peers.handoff else { return messages.handoffFallback() }
        do {
            return try await handoff.transitionMessage(.with {
                $0.tenantID = tenant
                $0.escalationID = escalationID
                $0.language = conversation.language
                $0.channel = conversation.channel
                if let wait { $0.waitEstimate = wait }
                $0.customerName = conversation.customer?.displayName ?? ""
            }, options: .init(timeout: settings.peerTimeout)).text
        } catch {
            logger.warning("handoff unreachable; fallback transition message", metadata: ["error": "\(error)"])
            return messages.handoffFallback()
        }
    }

    /// The audit subjects of a turn.
    static func subjects(_ request: PlannerV1.HandleTurnRequest, customer: CommonV1.CustomerProfile?,
                         escalationID: String) -> [AuditV1.AuditSubject] {
        var subjects: [AuditV1.AuditSubject] = [.with { $0.kind = .conversation; $0.subjectID = request.conversationID }]
        if let id = customer?.customerID, !id.isEmpty { subjects.append(.with { $0.kind = .customer; $0.subjectID = id }) }
        if !escalationID.isEmpty { subjects.append(.with { $0.kind = .escalation; $0.subjectID = escalationID }) }
        return subjects
    }

    /// The inputs a turn's audit record keeps: the facts the decision rested on.
    static func auditInputs(_ input: PolicyInput, decision: TurnDecision, evaluation: SignalsV1.EvaluateResponse?) -> [String: String] {
        var inputs: [String: String] = [
            "rule": decision.ruleID,
            "signals.available": "\(input.signals.available)",
            "signals.risk": String(format: "%.3f", input.signals.risk),
            "signals.triggers": input.signals.triggerNames.joined(separator: ","),
            "signals.intent": input.signals.intent,
            "customer.tier": input.customer.tier,
            "conversation.channel": input.conversation.channel,
            "conversation.turns": "\(input.conversation.turns)",
            "conversation.handed_back": "\(input.conversation.handedBack)",
        ]
        if input.action.requested {
            inputs["action.kind"] = input.action.kind
            inputs["action.amount_minor"] = "\(input.action.amountMinor)"
            inputs["action.currency"] = input.action.currency
        }
        if let override = decision.override { inputs["override"] = override.rawValue }
        if let evaluation { inputs["signals.evaluation_id"] = evaluation.evaluationID }
        return inputs
    }
}
