public import Wire

/// Classification of the issue: the type from the intent, the urgency and
/// the complexity, each with its reasons (short English sentences, strongest
/// first).
public enum IssueClassifier {
    /// The issue type for `intent`: a Bitext intent becomes
    /// "family.intent" ("refund.get_refund"), a dotted type is kept as it
    /// is, anything else is "general.<intent>", and no intent
    /// "general.unknown".
    public static func issueType(intent: String) -> String {
        let cleaned = intent.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        if cleaned.isEmpty { return "general.unknown" }
        if cleaned.contains(".") { return cleaned }
        if let family = IssueFamily(intent: cleaned) { return "\(family.rawValue).\(cleaned)" }
        return "general.\(cleaned)"
    }

    /// The classification of `input`.
    public static func classify(_ input: PackageInput) -> HandoffV1.Classification {
        var classification = HandoffV1.Classification()
        classification.issueType = issueType(intent: input.intent)
        classification.confidence = input.intent.isEmpty ? 0 : min(1, max(0, input.intentConfidence))
        classification.issueTypeReasons = input.intent.isEmpty
            ? ["No intent was reported"]
            : ["Intent \(input.intent) from the signals report (confidence \(format(classification.confidence)))"]
        let (urgency, urgencyReasons) = self.urgency(input)
        classification.urgency = urgency
        classification.urgencyReasons = urgencyReasons
        let (complexity, complexityReasons) = self.complexity(input)
        classification.complexity = complexity
        classification.complexityReasons = complexityReasons
        return classification
    }

    /// The planner's urgency when it set one; otherwise the highest level
    /// any rule reaches (normal by default), with every rule that raised it.
    static func urgency(_ input: PackageInput) -> (CommonV1.Urgency, [String]) {
        if input.urgency != .unspecified { return (input.urgency, ["Set by the planner"]) }
        var found: [(CommonV1.Urgency, String)] = []
        for trigger in input.allTriggers {
            switch trigger.category {
            case .capabilityLimit where ["safety", "legal", "regulatory"].contains(where: trigger.name.contains):
                found.append((.critical, "A \(trigger.name) limit fired: it needs a specialist now"))
            case .capabilityLimit:
                found.append((.high, "A capability limit fired (\(trigger.name))"))
            case .sentiment where trigger.score >= 0.8, .behavioural:
                found.append((.high, "The customer is upset (\(trigger.name), score \(format(trigger.score)))"))
            case .sentiment:
                found.append((.normal, "Negative sentiment (\(trigger.name))"))
            case .technicalEvent:
                found.append((.high, "A technical event affects the customer (\(trigger.name))"))
            case .context:
                found.append((.high, "Repeated contacts without a resolution (\(trigger.name))"))
            default:
                break
            }
        }
        for event in input.events {
            switch event.kind {
            case .paymentFailed, .accountLocked, .serviceOutage:
                found.append((.high, "Technical event: \(event.name.isEmpty ? "\(event.kind)" : event.name)"))
            default:
                break
            }
        }
        switch input.conversation.customer?.tier ?? .unspecified {
        case .vipGold, .vipPlatinum:
            found.append((.high, "VIP customer"))
        default:
            break
        }
        if found.isEmpty {
            let family = IssueFamily(issueType: issueType(intent: input.intent))
            if [.newsletter, .feedback].contains(family), input.allTriggers.allSatisfy({ $0.category == .explicitRequest }) {
                return (.low, ["A \(family.rawValue) request with no sign of trouble"])
            }
            return (.normal, ["No rule raised the urgency"])
        }
        let level = found.map(\.0).max(by: { $0.rawValue < $1.rawValue })!
        let ordered = found.enumerated().sorted { ($0.element.0.rawValue, -$0.offset) > ($1.element.0.rawValue, -$1.offset) }
        return (level, ordered.map(\.element.1))
    }

    /// Points for what makes an issue harder (failed or refused steps,
    /// several kinds of trigger, open tickets, technical events, an action
    /// over the bot's authority); high at 4, medium at 2, else low.
    static func complexity(_ input: PackageInput) -> (HandoffV1.Complexity, [String]) {
        var points = 0
        var reasons: [String] = []
        let failed = input.steps.filter { $0.result == .failed || $0.result == .notAllowed }
        if !failed.isEmpty {
            points += min(2, failed.count)
            reasons.append("\(failed.count) step\(failed.count == 1 ? "" : "s") failed or were not allowed")
        }
        let categories = Set(input.allTriggers.map(\.category.rawValue))
        if categories.count >= 3 {
            points += 2
            reasons.append("\(categories.count) kinds of trigger fired")
        } else if categories.count == 2 {
            points += 1
            reasons.append("2 kinds of trigger fired")
        }
        let openTickets = Set(input.relatedTickets.map(\.ticketID) + (input.conversation.customer?.recentActivity?.openTicketIDs ?? []))
        if !openTickets.isEmpty {
            points += 1
            reasons.append("\(openTickets.count) related open ticket\(openTickets.count == 1 ? "" : "s")")
        }
        if !input.events.isEmpty {
            points += 1
            reasons.append("\(input.events.count) technical event\(input.events.count == 1 ? "" : "s") to check")
        }
        if input.allTriggers.contains(where: { $0.category == .policy || $0.category == .capabilityLimit }) {
            points += 2
            reasons.append("Needs approval or a specialist beyond the bot's authority")
        }
        if reasons.isEmpty { reasons = ["One known question, nothing failed"] }
        let level: HandoffV1.Complexity = points >= 4 ? .high : points >= 2 ? .medium : .low
        return (level, reasons)
    }

    /// Two decimals, without Foundation.
    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
