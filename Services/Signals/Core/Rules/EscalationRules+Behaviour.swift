import Wire

/// Behavioural cues: shouting, repeated punctuation, strong language, long
/// pauses and bursts of short angry messages.
extension EscalationRules {
    func behaviourTriggers(_ message: CustomerMessage, customer: [CustomerMessage],
                           messages: [CommonV1.ConversationMessage], settings: SignalsV1.BehaviourSettings,
                           sentimentSettings: SignalsV1.SentimentSettings, into triggers: inout [Trigger]) {
        let previous = customer.dropLast().last
        let index = message.index
        // Capitals in a clearly positive message are excitement, not anger.
        let shouting = Self.uppercaseRatio(message.text)
        if let shouting, shouting >= settings.uppercaseRatio, message.scores.compound < 0.5 {
            let sustained = previous.flatMap { Self.uppercaseRatio($0.text) }.map { $0 >= settings.uppercaseRatio } ?? false
            triggers.append(Self.trigger(.behavioural, "behaviour.shouting", score: sustained ? 1 : 0.7,
                                         threshold: settings.uppercaseRatio, messages: [index],
                                         measurements: ["uppercase_ratio": shouting],
                                         explanation: sustained ? "The customer keeps writing in capitals"
                                             : "The customer is writing in capitals"))
        }
        if Self.hasRepeatedPunctuation(message.text) {
            triggers.append(Self.trigger(.behavioural, "behaviour.repeated_punctuation", score: 0.3, threshold: 1,
                                         messages: [index], explanation: "Repeated punctuation"))
        }
        if !message.strongLanguage.isEmpty {
            triggers.append(Self.trigger(.behavioural, "behaviour.strong_language",
                                         score: min(1, 0.5 + 0.2 * Double(message.strongLanguage.count)),
                                         threshold: 1, messages: [index], phrases: message.strongLanguage,
                                         explanation: "Strong language"))
        }
        if let pause = settings.longPause, let previousTime = messages[..<index].last?.sendTime, let time = message.sendTime {
            let gap = time - previousTime.seconds
            if pause.seconds > 0 && gap >= pause.seconds {
                triggers.append(Self.trigger(.behavioural, "behaviour.long_pause", score: 0.3, threshold: Double(pause.seconds),
                                             messages: [index], measurements: ["pause_seconds": Double(gap)],
                                             explanation: "A long pause before this message"))
            }
        }
        angryBurst(customer, sentimentSettings: sentimentSettings, into: &triggers)
    }

    /// Four or more short customer messages fired off without an answer in
    /// between, at least one of them angry.
    func angryBurst(_ customer: [CustomerMessage], sentimentSettings: SignalsV1.SentimentSettings,
                    into triggers: inout [Trigger]) {
        var burst: [CustomerMessage] = []
        for message in customer.reversed() {
            if let later = burst.last {
                // Adjacent in the conversation (nobody answered) and quick.
                guard later.index == message.index + 1 else { break }
                if let time = message.sendTime, let laterTime = later.sendTime, laterTime - time > Self.burstGapSeconds { break }
            }
            guard message.text.split(separator: " ").count <= 6 else { break }
            burst.append(message)
        }
        guard burst.count >= 4 else { return }
        let angry = burst.filter { message in
            message.tone <= sentimentSettings.negativeCompound || Self.hasRepeatedPunctuation(message.text)
                || message.text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { word in
                    // A shouted word, not an acronym or a postcode ("VAT", "BS1").
                    word.count >= 4 && word.allSatisfy { $0.isLetter && $0.isUppercase }
                }
        }
        guard !angry.isEmpty else { return }
        triggers.append(Self.trigger(.behavioural, "behaviour.angry_burst",
                                     score: min(1, 0.5 + 0.1 * Double(burst.count) + 0.1 * Double(angry.count)),
                                     threshold: 4, messages: burst.map(\.index).reversed(),
                                     measurements: ["messages": Double(burst.count), "angry": Double(angry.count)],
                                     explanation: "\(burst.count) short messages in a row, \(angry.count) of them angry"))
    }

    /// Messages of a burst follow each other within this many seconds.
    static let burstGapSeconds: Int64 = 60

    /// Share of capitals among the letters, or nil for messages too short to tell.
    static func uppercaseRatio(_ text: String) -> Double? {
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        guard letters.count >= 8 else { return nil }
        return Double(letters.filter { $0.properties.isUppercase }.count) / Double(letters.count)
    }

    static func hasRepeatedPunctuation(_ text: String) -> Bool {
        text.contains("!!") || text.contains("??") || text.contains("?!")
    }
}
