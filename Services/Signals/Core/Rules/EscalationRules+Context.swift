import Wire

/// Context: what Baton knows about the customer beyond this conversation.
extension EscalationRules {
    func contextTriggers(_ context: CustomerContext, conversation: CommonV1.Conversation?, text: String,
                         message: CustomerMessage?, thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let settings = thresholds.context ?? Defaults.thresholds.context!
        let unresolved = max(context.unresolvedContacts,
                             Int(conversation?.customer?.recentActivity?.unresolvedContactsLast30Days ?? 0))
        let troubledHistory = unresolved >= Int(settings.unresolvedContacts) && settings.unresolvedContacts > 0
        if troubledHistory {
            triggers.append(Self.trigger(.context, "context.unresolved_history", score: 0.6, threshold: Double(settings.unresolvedContacts),
                                         measurements: ["unresolved_contacts": Double(unresolved)],
                                         explanation: "\(unresolved) earlier contacts were not resolved"))
        }
        let channels = Set(conversation?.channelsUsed ?? []).union(conversation?.customer?.recentActivity?.channelsTried ?? [])
        let manyChannels = channels.count >= Int(settings.channelsTried) && settings.channelsTried > 0
        if manyChannels {
            triggers.append(Self.trigger(.context, "context.many_channels", score: 0.5, threshold: Double(settings.channelsTried),
                                         measurements: ["channels": Double(channels.count)],
                                         explanation: "The customer tried \(channels.count) channels"))
        }
        let negativeHistory = context.recentNegativeConversations >= 2
        if negativeHistory {
            triggers.append(Self.trigger(.context, "context.recent_negative_conversations", score: 0.5, threshold: 2,
                                         measurements: ["negative_conversations": Double(context.recentNegativeConversations)],
                                         explanation: "Recent conversations with this customer were negative"))
        }
        // The history alone may be about something else; the customer saying
        // this is the same matter again makes it a failed repeat contact,
        // unless they are back to say thanks ("hi again, it works now").
        guard let message, message.scores.compound < 0.5 else { return }
        let phrases = repeatContact.matches(inNormalized: text)
        if (troubledHistory || manyChannels || negativeHistory) && !phrases.isEmpty {
            triggers.append(Self.trigger(.context, "context.repeat_contact", score: 1, threshold: 1, messages: [message.index],
                                         phrases: phrases,
                                         explanation: "The customer is back about a matter earlier contacts did not resolve"))
        }
    }
}
