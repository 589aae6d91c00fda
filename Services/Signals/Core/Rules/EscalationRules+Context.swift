import Wire

/// Context: what Baton knows about the customer beyond this conversation.
extension EscalationRules {
    /// The tenant's limits on the customer's history: unresolved earlier
    /// contacts (fewer for a VIP), channels tried, negative conversations in
    /// the last 7 days. Reaching one escalates, unless the customer says the
    /// matter is settled ("hi again, it works now").
    func contextTriggers(_ context: CustomerContext, conversation: CommonV1.Conversation?, text: String,
                         message: CustomerMessage?, customer: [CustomerMessage], thresholds: SignalsV1.Thresholds,
                         into triggers: inout [Trigger]) {
        let settings = thresholds.context ?? Defaults.thresholds.context!
        let defaults = Defaults.thresholds.context!
        func limit(_ value: UInt32, _ fallback: UInt32) -> Int { Int(value > 0 ? value : fallback) }
        let unresolved = max(context.unresolvedContacts,
                             Int(conversation?.customer?.recentActivity?.unresolvedContactsLast30Days ?? 0))
        let vip = [.vipGold, .vipPlatinum].contains(conversation?.customer?.tier ?? .unspecified)
        let unresolvedLimit = vip ? limit(settings.vipUnresolvedContacts, defaults.vipUnresolvedContacts)
            : limit(settings.unresolvedContacts, defaults.unresolvedContacts)
        let channels = Set(conversation?.channelsUsed ?? []).union(conversation?.customer?.recentActivity?.channelsTried ?? [])
        let channelLimit = limit(settings.channelsTried, defaults.channelsTried)
        let negativeLimit = limit(settings.negativeConversations, defaults.negativeConversations)
        let troubledHistory = unresolved >= unresolvedLimit
        let manyChannels = channels.count >= channelLimit
        let negativeHistory = context.recentNegativeConversations >= negativeLimit
        // This contact, about the same matter again, is one more unresolved one.
        let oneShort = unresolved > 0 && unresolved + 1 >= unresolvedLimit
        guard troubledHistory || manyChannels || negativeHistory || oneShort else { return }
        // A customer back to say the matter is settled needs nobody, whatever the history. Thanks settle it only
        // when the message neither asks anything nor says the trouble goes on ("It's still happening … Thanks,
        // Gareth", "Could you please confirm the current status? Kind regards").
        let negative = Self.negativeCompound(thresholds)
        // An e-mail's closing ("Thanks,\nTom") thanks for nothing yet.
        if customer.contains(where: { saysSettled($0.normalized)
            || !glad.matches(inNormalized: Self.withoutClosing($0)).isEmpty && !$0.asks
                && $0.tone > negative && !isUnresolved($0) }) {
            return
        }
        if troubledHistory {
            triggers.append(Self.trigger(.context, "context.unresolved_history", score: 1, threshold: Double(unresolvedLimit),
                                         measurements: ["unresolved_contacts": Double(unresolved), "vip": vip ? 1 : 0],
                                         explanation: "\(unresolved) earlier contacts were not resolved" + (vip ? " (VIP customer)" : "")))
        }
        if manyChannels {
            triggers.append(Self.trigger(.context, "context.many_channels", score: 1, threshold: Double(channelLimit),
                                         measurements: ["channels": Double(channels.count)],
                                         explanation: "The customer tried \(channels.count) channels"))
        }
        if negativeHistory {
            triggers.append(Self.trigger(.context, "context.recent_negative_conversations", score: 1,
                                         threshold: Double(negativeLimit),
                                         measurements: ["negative_conversations": Double(context.recentNegativeConversations)],
                                         explanation: "\(context.recentNegativeConversations) recent conversations with this customer were negative"))
        }
        // The customer saying this is the same matter again, still in trouble, makes it a failed repeat contact; a
        // calm follow-up ("the airport transfer I asked about last time, is that still on?", "ich hatte letzte Woche
        // bereits angefragt … möchte den Tarif abschließen") is one earlier contact, which alone is fine.
        // (`isUnresolved` already reads a "still" asking whether a plan holds as no trouble.)
        guard let message, isUnresolved(message) || message.tone <= negative || (message.features.detail?.dissatisfied ?? false)
        else { return }
        // "Is the coaching session still on?": a plan asked about, not trouble going on.
        let planAsked = Self.asksPlanStillHolds(text, asks: message.asks)
        let phrases = repeatContact.matches(inNormalized: text).filter { $0 != "still" || !planAsked }
        // Following up on what was granted ("your team approved the refund … when should I expect it") is progress,
        // not a failed contact.
        if !phrases.isEmpty, separateMatter.matches(inNormalized: text).isEmpty, !saysGranted(text) {
            triggers.append(Self.trigger(.context, "context.repeat_contact", score: 1, threshold: 1, messages: [message.index],
                                         phrases: phrases,
                                         explanation: "The customer is back about a matter earlier contacts did not resolve"))
        }
    }

    /// A customer message, normalised, without the short lines that close a
    /// letter ("Thanks,", "Tom Whitfield", "Best regards"): the last lines of
    /// three words or fewer, after a longer one.
    static func withoutClosing(_ message: CustomerMessage) -> String {
        guard message.text.utf8.contains(UInt8(ascii: "\n")) else { return message.normalized }
        var lines = message.text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard lines.contains(where: { $0.splitOnSpaces().count > 3 }) else { return message.normalized }
        while let last = lines.last, last.splitOnSpaces().count <= 3 { lines.removeLast() }
        return PhraseMatcher.normalize(lines.joined(separator: "\n"))
    }

    /// Whether every "still" in `text` asks whether a plan holds ("is the
    /// session with Tom still on for Sunday?", "is the car park still
    /// closed?"): followed by a word of a plan or an opening, in a message
    /// that `asks` or opens with a yes-no question word (chat drops the mark).
    static func asksPlanStillHolds(_ text: String, asks: Bool) -> Bool {
        let words = text.splitOnSpaces()
        // Chat drops the question mark ("and is the chauffeur thing still included for platinum or did that change").
        guard asks || words.drop(while: { ["and", "so", "also", "oh", "ok", "okay"].contains($0) }).first
            .map(questionOpeners.contains) == true else { return false }
        var occurrences = 0
        for index in words.indices where words[index] == "still" {
            occurrences += 1
            guard index + 1 < words.count else { return false }
            // The place that still has what was planned open ("the resort still has the clay court open in October"):
            // a state, not a place ("why do I still have the old address on it?"), and nothing denied on the way.
            let state = possessions.contains(words[index + 1])
                ? words[(index + 2)...].prefix(5).prefix(while: { !["no", "not", "none", "never"].contains($0) })
                    .contains(where: heldStates.contains)
                : planStates.contains(words[index + 1])
            guard state else { return false }
        }
        return occurrences > 0
    }

    /// Verbs of having after "still", with the state asked about a few words on ("still has the pool open").
    static let possessions: Set<Substring> = ["has", "have", "offers", "offer"]

    /// States a place still has something in ("still has the pool open").
    static let heldStates: Set<Substring> = [
        "open", "available", "included", "valid", "running", "free", "scheduled", "booked", "confirmed", "planned",
        "allowed", "possible", "active",
    ]

    /// Words that open an English yes-no question.
    static let questionOpeners: Set<Substring> = ["is", "are", "does", "do", "will", "can", "could", "would", "has", "have"]

    /// States of a plan or a place asked about after "still".
    static let planStates: Set<Substring> = [
        "on", "open", "closed", "available", "valid", "confirmed", "booked", "scheduled", "running", "free",
        "possible", "included", "planned", "okay", "ok", "fine", "allowed",
        // Cover and terms that still hold ("does the cover still apply if the house is empty?").
        "apply", "applies", "active", "covered", "current", "stand", "stands", "in",
        // Where a request stands ("is my mortgage query from last week still with the team?").
        "with", "pending", "assigned", "queued",
    ]
}
