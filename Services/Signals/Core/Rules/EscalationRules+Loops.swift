import Wire

/// Loops and bot confidence: the conversation is not getting anywhere.
extension EscalationRules {
    func confidenceTriggers(_ request: SignalsV1.EvaluateRequest, lastBot: CommonV1.ConversationMessage?,
                            thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let minimum = thresholds.intent?.minConfidence ?? Defaults.thresholds.intent!.minConfidence
        if let confidence = request.botConfidence, confidence < minimum {
            triggers.append(Self.trigger(.botConfidence, "confidence.bot_low", score: min(1, (minimum - confidence) / minimum + 0.5),
                                         threshold: minimum, measurements: ["bot_confidence": confidence],
                                         explanation: "The bot is not confident in its answer"))
        }
        // Bots that report no confidence still say when they have no answer.
        if let lastBot {
            let phrases = botFallback.matches(in: lastBot.text)
            if !phrases.isEmpty {
                triggers.append(Self.trigger(.botConfidence, "confidence.bot_fallback", score: 0.6, threshold: 1,
                                             phrases: phrases, explanation: "The bot's last answer was a fallback"))
            }
        }
    }

    func loopTriggers(_ messages: [CommonV1.ConversationMessage], customer: [CustomerMessage], upTo index: Int,
                      thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let settings = thresholds.loop ?? Defaults.thresholds.loop!
        let windowStart = max(0, index + 1 - Int(max(2, settings.windowMessages)))
        let recent = customer.filter { $0.index >= windowStart }
        guard let last = recent.last, last.index == index else { return }

        // The same question asked again. Thanks and other clearly positive
        // messages repeat without being a loop.
        let words = Self.contentWords(last)
        var similar: [Int] = []
        if words.count >= 3 && last.scores.compound < 0.5 {
            similar = recent.dropLast().filter { earlier in
                let earlierWords = Self.contentWords(earlier)
                return earlierWords.count >= 3 && Self.overlap(words, earlierWords) >= settings.similarity
            }.map(\.index)
            if similar.count >= Int(max(1, settings.maxRestatements)) {
                triggers.append(Self.trigger(.loop, "loop.restated_question", score: min(1, 0.5 + 0.2 * Double(similar.count)),
                                             threshold: settings.similarity, messages: similar + [index],
                                             measurements: ["restatements": Double(similar.count)],
                                             explanation: "The customer restated the same question \(similar.count) times"))
            }
        }

        // The bot giving the same answer again; worse when the customer has
        // just asked the same question again.
        let bot = messages[windowStart..<index].enumerated().filter { $0.element.role == .bot }
            .map { (index: windowStart + $0.offset, words: Self.contentWords($0.element.text)) }
        let repeats = bot.enumerated().filter { position, answer in
            !answer.words.isEmpty && bot[..<position].contains { Self.jaccard($0.words, answer.words) >= 0.8 }
        }.map(\.element.index)
        if let lastRepeat = repeats.last, lastRepeat == bot.last?.index {
            let restated = similar.isEmpty ? 0.0 : 0.25
            triggers.append(Self.trigger(.loop, "loop.repeated_bot_answer",
                                         score: min(1, 0.5 + 0.25 * Double(repeats.count) + restated),
                                         threshold: 0.8, messages: repeats,
                                         measurements: ["repeats": Double(repeats.count), "restated": similar.isEmpty ? 0 : 1],
                                         explanation: "The bot gave the same answer \(repeats.count + 1) times"))
        }

        // Customer messages saying the last answer did not help, after the bot answered at least once.
        guard let firstAnswer = messages.firstIndex(where: { $0.role == .bot }), firstAnswer < index else { return }
        let stuck = recent.filter { $0.index > firstAnswer && !unresolved.matches(inNormalized: $0.normalized).isEmpty }.map(\.index)
        if stuck.count >= 2 && stuck.last == index {
            triggers.append(Self.trigger(.loop, "loop.unresolved_questions", score: min(1, 0.4 + 0.2 * Double(stuck.count)),
                                         threshold: 2, messages: stuck, measurements: ["unresolved": Double(stuck.count)],
                                         explanation: "\(stuck.count) customer messages say the problem is not solved"))
        }
    }
}
