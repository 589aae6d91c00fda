import Wire

/// The canonical text of what a package is built from, for idempotent
/// builds: two builds with the same fingerprint are the same package, so a
/// retry or a second replica stores nothing new, while a new message, step
/// or trigger gives a new fingerprint and so a new revision.
///
/// Written field by field in a fixed order (maps and the codec's field order
/// play no part: a Swift dictionary iterates in a different order in every
/// process), each value length-prefixed so no two inputs share a text. The
/// store keeps its SHA-256.
public enum PackageFingerprint {
    /// The canonical text of `input`.
    public static func text(_ input: PackageInput) -> String {
        var out = "baton.handoff.fingerprint.v1\n"
        func put(_ tag: String, _ value: String) {
            out += "\(tag) \(value.utf8.count):\(value)\n"
        }
        put("conversation", input.conversation.conversationID)
        put("language", input.resolvedLanguage)
        for message in input.conversation.messages {
            put("message", "\(message.role.rawValue) \(message.sendTime?.seconds ?? 0).\(message.sendTime?.nanos ?? 0)")
            put("text", message.text)
        }
        if let customer = input.conversation.customer {
            put("customer", "\(customer.customerID) \(customer.tier.rawValue) \(customer.tenureDays)")
            put("name", customer.displayName)
            put("tickets", (customer.recentActivity?.openTicketIDs ?? []).joined(separator: ","))
        }
        for trigger in input.allTriggers {
            put("trigger", "\(trigger.category.rawValue) \(trigger.name) \(trigger.score)")
            put("indexes", (trigger.evidence?.messageIndexes ?? []).map(String.init).joined(separator: ","))
            for phrase in trigger.evidence?.matchedPhrases ?? [] { put("phrase", phrase) }
        }
        for step in input.steps {
            put("step", "\(step.kind.rawValue) \(step.result.rawValue) \(step.messageIndex.map(String.init) ?? "-")")
            put("description", step.description)
            put("detail", step.detail)
        }
        for event in input.events { put("event", "\(event.kind.rawValue) \(event.eventID) \(event.orderID)") }
        put("action", input.requestedAction.map { "\($0.actionID) \(NextActionPlanner.actionPhrase($0) ?? "")" } ?? "")
        put("urgency", "\(input.urgency.rawValue)")
        put("intent", "\(input.intent) \(input.intentConfidence)")
        for ticket in input.relatedTickets { put("ticket", "\(ticket.ticketID) \(ticket.status)") }
        return out
    }
}
