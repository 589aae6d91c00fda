public import Wire

/// The agent's next actions: derived from the triggers, the technical
/// events, the steps that failed and the intent, most pressing first.
///
/// Priorities (lower first): calming an upset customer (10), legal or
/// safety limits (15), approvals over the bot's authority (20), technical
/// events to check (30), loops and unclear intent (40), open tickets (50),
/// the intent's own action (60), steps not to repeat (70), the customer's
/// explicit request for a person (80).
public enum NextActionPlanner {
    /// At most this many actions.
    public static let maximum = 8

    /// The actions for `input`, ranked from 1.
    public static func actions(_ input: PackageInput) -> [HandoffV1.NextAction] {
        var candidates: [(priority: Int, action: HandoffV1.NextAction)] = []
        func add(_ priority: Int, _ summary: String, approval: Bool = false, action: CommonV1.RequestedAction? = nil) {
            guard !candidates.contains(where: { $0.action.summary == summary }) else { return }
            var next = HandoffV1.NextAction()
            next.summary = summary
            next.requiresApproval = approval
            next.action = action
            candidates.append((priority, next))
        }
        for trigger in input.allTriggers {
            switch trigger.category {
            case .sentiment, .behavioural:
                add(10, "Acknowledge the customer's frustration before anything else; do not ask them to repeat")
            case .capabilityLimit:
                add(15, "Handle it under the \(trigger.name) procedure: the bot may not answer this")
            case .policy:
                add(20, "Ask a supervisor to approve \(actionPhrase(input.requestedAction) ?? "the requested action"): "
                    + "it is over the bot's limit", approval: true, action: input.requestedAction)
            case .loop:
                add(40, "Answer the repeated question directly: the bot's answers did not resolve it")
            case .intent, .botConfidence:
                add(40, "Confirm in one question what the customer needs: the bot was unsure")
            case .context:
                add(50, "Read the customer's earlier unresolved contacts before replying")
            case .proactive:
                add(30, "Explain why we reached out and what we already know")
            case .explicitRequest:
                add(80, "Greet the customer and confirm you have read the conversation")
            default:
                break
            }
        }
        for event in input.events + input.allTriggers.flatMap({ $0.evidence?.events ?? [] }) {
            add(30, eventAction(event))
        }
        let tickets = input.relatedTickets.map(\.ticketID) + (input.conversation.customer?.recentActivity?.openTicketIDs ?? [])
        if !tickets.isEmpty {
            var seen: Set<String> = []
            let unique = tickets.filter { seen.insert($0).inserted }
            add(50, "Check the related open ticket\(unique.count == 1 ? "" : "s") \(unique.prefix(3).joined(separator: ", ")) "
                + "before replying")
        }
        add(60, intentAction(IssueClassifier.issueType(intent: input.intent)))
        for step in input.steps where step.result == .failed {
            add(70, "Do not repeat what already failed: \(step.description.trimmingFinalStop)")
        }
        let ordered = candidates.enumerated().sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }
        return ordered.prefix(maximum).enumerated().map { rank, entry in
            var action = entry.element.action
            action.rank = UInt32(rank + 1)
            return action
        }
    }

    /// What to check for a technical event.
    static func eventAction(_ event: CommonV1.TechnicalEvent) -> String {
        let order = event.orderID.isEmpty ? "" : " of order \(event.orderID)"
        switch event.detail {
        case .paymentFailure(let failure):
            return "Check the failed payment\(order) in billing (decline code \(failure.declineCode.isEmpty ? "unknown" : failure.declineCode))"
        case .errorReport(let report):
            return "Look up error \(report.code)\(report.component.isEmpty ? "" : " in \(report.component)")\(order)"
        case .deliveryDelay(let delay):
            return "Check the delayed delivery\(order.isEmpty && !delay.orderID.isEmpty ? " of order \(delay.orderID)" : order) with the carrier\(delay.carrier.isEmpty ? "" : " (\(delay.carrier))")"
        case .settingChange(let change):
            return "Review the change to \(change.setting)\(change.changedByCustomer ? " the customer made" : "")"
        case nil:
            switch event.kind {
            case .accountLocked: return "Verify the customer's identity and unlock the account"
            case .serviceOutage: return "Tell the customer about the outage and when it is expected to end"
            case .orderCancelled: return "Confirm why order\(order.isEmpty ? "" : " \(event.orderID)") was cancelled"
            case .paymentFailed: return "Check the failed payment\(order) in billing"
            case .deliveryDelayed: return "Check the delayed delivery\(order) with the carrier"
            default: return "Check the event \(event.name.isEmpty ? event.eventID : event.name)\(order)"
            }
        }
    }

    /// The usual action for an issue type.
    static func intentAction(_ issueType: String) -> String {
        let intent = issueType.split(separator: ".").last.map(String.init) ?? ""
        switch intent {
        case "get_refund": return "Check the order's refund eligibility and issue the refund"
        case "track_refund": return "Look up the refund's status in billing and give the customer a date"
        case "check_refund_policy": return "Explain the refund policy as it applies to this order"
        case "cancel_order": return "Cancel the order if it has not shipped; otherwise start a return"
        case "change_order": return "Change the order if it has not shipped"
        case "track_order": return "Look up the shipment and give the customer a delivery date"
        case "place_order": return "Help the customer place the order"
        case "payment_issue": return "Check the payment in billing and retry or refund it"
        case "double_charge": return "Confirm the duplicate charge in billing and refund the extra one"
        case "recover_password", "registration_problems": return "Verify the customer's identity and restore access"
        case "delete_account": return "Verify the customer's identity and start the account deletion"
        case "complaint": return "Log the complaint and offer a resolution"
        case "change_shipping_address", "set_up_shipping_address": return "Update the shipping address on the open orders"
        case "get_invoice", "check_invoice": return "Send the invoice the customer asked for"
        case "check_cancellation_fee": return "Explain the cancellation fee that applies"
        case "delivery_options", "delivery_period": return "Give the delivery options and dates for the customer's address"
        default:
            switch IssueFamily(issueType: issueType) {
            case .billing: return "Review the charges on the customer's bill"
            case .account: return "Verify the customer's identity, then help with the account"
            case .order: return "Look up the customer's order"
            default: return "Find out what the customer needs and resolve it"
            }
        }
    }

    /// "a refund of 120.00 EUR for order 1042" for a proposed action.
    static func actionPhrase(_ action: CommonV1.RequestedAction?) -> String? {
        switch action?.kind {
        case .refund(let refund):
            return "a refund of \(money(refund.amount)) for order \(refund.orderID)"
        case .cancelOrder(let cancel):
            return "cancelling order \(cancel.orderID)"
        case .replacement(let replacement):
            return "a replacement of \(replacement.sku) for order \(replacement.orderID)"
        case .accountCredit(let credit):
            return "an account credit of \(money(credit.amount))"
        case .custom(let custom):
            return custom.name
        case nil:
            return nil
        }
    }

    /// "120.00 EUR" (two decimals: the usual minor unit).
    static func money(_ money: CommonV1.Money?) -> String {
        guard let money else { return "an amount" }
        let minor = abs(money.amountMinor) % 100
        return "\(money.amountMinor / 100).\(minor < 10 ? "0" : "")\(minor) \(money.currencyCode)"
    }
}
