import Foundation
public import Wire

/// What Baton knows about the customer beyond this conversation (from the
/// signals schema), so any replica scores the same way.
public struct CustomerContext: Sendable, Hashable {
    /// Earlier contacts in the lookback window that were not resolved.
    public var unresolvedContacts: Int
    /// Earlier conversations in the lookback window that ended negative.
    public var recentNegativeConversations: Int

    /// Creates a context.
    public init(unresolvedContacts: Int = 0, recentNegativeConversations: Int = 0) {
        self.unresolvedContacts = unresolvedContacts
        self.recentNegativeConversations = recentNegativeConversations
    }
}

/// The escalation rules: every trigger category scored for the newest
/// customer message in its conversation, combined into a risk score and a
/// recommendation. Pure: no I/O, so it is tested with values alone.
public struct EscalationRules: Sendable {
    let sentiment: SentimentAnalyzer
    let humanRequest = PhraseMatcher(Lexicons.humanRequest)
    let capability: [(name: String, matcher: PhraseMatcher)] = [
        ("capability.legal", PhraseMatcher(Lexicons.legal)),
        ("capability.regulator", PhraseMatcher(Lexicons.regulator)),
        ("capability.data_protection", PhraseMatcher(Lexicons.dataProtection)),
        ("capability.safety", PhraseMatcher(Lexicons.safety)),
        ("capability.security", PhraseMatcher(Lexicons.security)),
        ("capability.authorisation", PhraseMatcher(Lexicons.authorisation)),
    ]

    /// Creates the rules over a sentiment analyzer.
    public init(sentiment: SentimentAnalyzer) {
        self.sentiment = sentiment
    }

    typealias Trigger = CommonV1.Trigger

    /// Scores `request` under `thresholds`.
    public func evaluate(_ request: SignalsV1.EvaluateRequest, thresholds: SignalsV1.Thresholds,
                         context: CustomerContext = .init()) -> SignalsV1.EvaluateResponse {
        let messages = request.conversation?.messages ?? []
        let index = Int(request.messageIndex ?? UInt32(max(0, messages.count - 1)))
        var response = SignalsV1.EvaluateResponse()
        guard messages.indices.contains(index) else { return response }
        let current = messages[index]

        // Sentiment of every customer message up to the current one.
        var customerScores: [(index: Int, scores: SentimentScores)] = []
        for (position, message) in messages.enumerated() where position <= index && message.role == .customer {
            let scores = sentiment.scores(message.text)
            customerScores.append((position, scores))
            response.sentiments.append(.with {
                $0.messageIndex = UInt32(position)
                $0.sentiment = .with {
                    $0.compound = scores.compound
                    $0.positive = scores.positive
                    $0.neutral = scores.neutral
                    $0.negative = scores.negative
                }
            })
        }
        response.sentimentTrend = Self.trend(customerScores.map(\.scores.compound), thresholds: thresholds)

        var triggers: [Trigger] = []
        let normalized = PhraseMatcher.normalize(current.text)
        explicitRequest(normalized, index: index, into: &triggers)
        sentimentTriggers(customerScores, trend: response.sentimentTrend!, thresholds: thresholds, into: &triggers)
        capabilityTriggers(normalized, index: index, into: &triggers)
        confidenceTriggers(request, thresholds: thresholds, into: &triggers)
        loopTriggers(messages, upTo: index, thresholds: thresholds, into: &triggers)
        behaviourTriggers(current, index: index, previous: messages[..<index].last { $0.role == .customer },
                          thresholds: thresholds, into: &triggers)
        eventTriggers(request.events, into: &triggers)
        policyTriggers(request.requestedAction, thresholds: thresholds, into: &triggers)
        contextTriggers(context, conversation: request.conversation, thresholds: thresholds, into: &triggers)

        // Tenant settings: categories switched off drop out; per-category weights apply.
        let settings = Dictionary(thresholds.categories.map { ($0.category, $0) }, uniquingKeysWith: { $1 })
        triggers = triggers.filter { settings[$0.category]?.enabled ?? true }
        var survival = 1.0
        var immediate = false
        for trigger in triggers {
            let setting = settings[trigger.category]
            let weight = setting?.weight ?? Self.defaultWeight(trigger.category)
            survival *= 1 - min(1, max(0, weight * trigger.score))
            if setting?.escalateImmediately ?? Self.escalatesImmediately(trigger) { immediate = true }
        }
        var risk = 1 - survival
        if immediate { risk = max(risk, 0.95) }
        response.riskScore = (risk * 10_000).rounded() / 10_000
        let escalate = thresholds.escalateThreshold > 0 ? thresholds.escalateThreshold : 0.7
        let watch = thresholds.watchThreshold > 0 ? thresholds.watchThreshold : 0.4
        response.recommendation = immediate || risk >= escalate ? .escalateNow : risk >= watch ? .watch : .continue
        response.triggers = triggers
        response.thresholdsRevision = thresholds.revision
        response.modelVersions = [
            .with { $0.component = "sentiment"; $0.model = "vader"; $0.version = "3.3.2-swift" },
            .with { $0.component = "rules"; $0.model = "baton-signals"; $0.version = SignalsCore.version },
        ]
        return response
    }

    // MARK: Categories

    private func explicitRequest(_ text: String, index: Int, into triggers: inout [Trigger]) {
        let phrases = humanRequest.matches(inNormalized: text)
        guard !phrases.isEmpty else { return }
        triggers.append(Self.trigger(.explicitRequest, "explicit.request_for_human", score: 1, threshold: 1,
                                     messages: [index], phrases: phrases,
                                     explanation: "The customer asked for a person"))
    }

    private func sentimentTriggers(_ scores: [(index: Int, scores: SentimentScores)], trend: SignalsV1.SentimentTrend,
                                   thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let settings = thresholds.sentiment ?? Defaults.thresholds.sentiment!
        let required = Int(max(1, settings.consecutiveNegativeCount))
        if trend.consecutiveNegative >= required {
            let recent = scores.suffix(Int(trend.consecutiveNegative))
            let worst = recent.map(\.scores.compound).min() ?? 0
            triggers.append(Self.trigger(.sentiment, "sentiment.consecutive_negative", score: min(1, 0.6 + abs(worst) * 0.4),
                                         threshold: abs(settings.negativeCompound), messages: recent.map(\.index),
                                         measurements: ["consecutive": Double(trend.consecutiveNegative), "worst_compound": worst],
                                         explanation: "\(trend.consecutiveNegative) negative customer messages in a row"))
        }
        if scores.count >= 2 {
            let drop = scores[scores.count - 2].scores.compound - scores[scores.count - 1].scores.compound
            if drop >= 1.0 && scores.last!.scores.compound <= settings.negativeCompound {
                triggers.append(Self.trigger(.sentiment, "sentiment.sharp_drop", score: min(1, drop / 2), threshold: 1.0,
                                             messages: [scores[scores.count - 2].index, scores.last!.index],
                                             measurements: ["drop": drop],
                                             explanation: "Sentiment fell sharply in the last message"))
            }
        }
    }

    private func capabilityTriggers(_ text: String, index: Int, into triggers: inout [Trigger]) {
        for (name, matcher) in capability {
            let phrases = matcher.matches(inNormalized: text)
            guard !phrases.isEmpty else { continue }
            triggers.append(Self.trigger(.capabilityLimit, name, score: 1, threshold: 1, messages: [index], phrases: phrases,
                                         explanation: "A matter the bot may not handle: \(name.dropFirst("capability.".count))"))
        }
    }

    private func confidenceTriggers(_ request: SignalsV1.EvaluateRequest, thresholds: SignalsV1.Thresholds,
                                    into triggers: inout [Trigger]) {
        let minimum = thresholds.intent?.minConfidence ?? Defaults.thresholds.intent!.minConfidence
        if let confidence = request.botConfidence, confidence < minimum {
            triggers.append(Self.trigger(.botConfidence, "confidence.bot_low", score: min(1, (minimum - confidence) / minimum + 0.5),
                                         threshold: minimum, measurements: ["bot_confidence": confidence],
                                         explanation: "The bot is not confident in its answer"))
        }
    }

    private func loopTriggers(_ messages: [CommonV1.ConversationMessage], upTo index: Int,
                              thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let settings = thresholds.loop ?? Defaults.thresholds.loop!
        let window = messages[...index].suffix(Int(max(2, settings.windowMessages)))
        let customer = window.enumerated().filter { $0.element.role == .customer }
        guard let last = customer.last else { return }
        let words = Self.words(last.element.text)
        guard words.count >= 3 else { return }
        var similar: [Int] = []
        for earlier in customer.dropLast() where Self.jaccard(words, Self.words(earlier.element.text)) >= settings.similarity {
            similar.append(index - (window.count - 1 - earlier.offset))
        }
        if similar.count >= Int(max(1, settings.maxRestatements)) {
            triggers.append(Self.trigger(.loop, "loop.restated_question", score: min(1, 0.5 + 0.2 * Double(similar.count)),
                                         threshold: settings.similarity, messages: similar + [index],
                                         measurements: ["restatements": Double(similar.count)],
                                         explanation: "The customer restated the same question \(similar.count) times"))
        }
    }

    private func behaviourTriggers(_ message: CommonV1.ConversationMessage, index: Int,
                                   previous: CommonV1.ConversationMessage?, thresholds: SignalsV1.Thresholds,
                                   into triggers: inout [Trigger]) {
        let settings = thresholds.behaviour ?? Defaults.thresholds.behaviour!
        let letters = message.text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let upper = letters.filter { $0.properties.isUppercase }.count
        if letters.count >= 8, Double(upper) / Double(letters.count) >= settings.uppercaseRatio {
            triggers.append(Self.trigger(.behavioural, "behaviour.shouting", score: 0.7, threshold: settings.uppercaseRatio,
                                         messages: [index], measurements: ["uppercase_ratio": Double(upper) / Double(letters.count)],
                                         explanation: "The customer is writing in capitals"))
        }
        if message.text.contains("!!") || message.text.contains("??") || message.text.contains("?!") {
            triggers.append(Self.trigger(.behavioural, "behaviour.repeated_punctuation", score: 0.3, threshold: 1,
                                         messages: [index], explanation: "Repeated punctuation"))
        }
        let terms = settings.strongLanguageTerms.isEmpty ? Lexicons.strongLanguage : settings.strongLanguageTerms
        let strong = PhraseMatcher(terms).matches(in: message.text)
        if !strong.isEmpty {
            triggers.append(Self.trigger(.behavioural, "behaviour.strong_language", score: min(1, 0.5 + 0.2 * Double(strong.count)),
                                         threshold: 1, messages: [index], phrases: strong,
                                         explanation: "Strong language"))
        }
        if let pause = settings.longPause, let previousTime = previous?.sendTime, let time = message.sendTime {
            let gap = time.seconds - previousTime.seconds
            if pause.seconds > 0 && gap >= pause.seconds {
                triggers.append(Self.trigger(.behavioural, "behaviour.long_pause", score: 0.3, threshold: Double(pause.seconds),
                                             messages: [index], measurements: ["pause_seconds": Double(gap)],
                                             explanation: "A long pause before this message"))
            }
        }
    }

    private func eventTriggers(_ events: [CommonV1.TechnicalEvent], into triggers: inout [Trigger]) {
        let failedPayments = events.filter { $0.kind == .paymentFailed }
        if failedPayments.count >= 2 {
            triggers.append(Self.trigger(.technicalEvent, "technical.repeated_payment_failure",
                                         score: min(1, 0.4 * Double(failedPayments.count)), threshold: 2,
                                         events: failedPayments,
                                         explanation: "\(failedPayments.count) failed payments"))
        }
        let errors = events.filter { $0.kind == .errorCode }
        if !errors.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.error_code", score: 0.5, threshold: 1, events: errors,
                                         explanation: "Error codes reported with the turn"))
        }
        let settings = events.filter { $0.kind == .settingsChanged }
        if !settings.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.sensitive_setting_changed", score: 0.4, threshold: 1,
                                         events: settings, explanation: "A sensitive setting changed recently"))
        }
    }

    private func policyTriggers(_ action: CommonV1.RequestedAction?, thresholds: SignalsV1.Thresholds,
                                into triggers: inout [Trigger]) {
        guard case .refund(let refund)? = action?.kind, let amount = refund.amount,
              let limit = thresholds.policy?.refundAmountThreshold ?? Defaults.thresholds.policy?.refundAmountThreshold,
              amount.currencyCode == limit.currencyCode, amount.amountMinor > limit.amountMinor
        else { return }
        triggers.append(Self.trigger(.policy, "policy.refund_over_threshold", score: 1, threshold: Double(limit.amountMinor),
                                     measurements: ["amount_minor": Double(amount.amountMinor)],
                                     explanation: "A refund of \(amount.amountMinor) \(amount.currencyCode) minor units is over the limit"))
    }

    private func contextTriggers(_ context: CustomerContext, conversation: CommonV1.Conversation?,
                                 thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let settings = thresholds.context ?? Defaults.thresholds.context!
        let unresolved = max(context.unresolvedContacts,
                             Int(conversation?.customer?.recentActivity?.unresolvedContactsLast30Days ?? 0))
        if unresolved >= Int(settings.unresolvedContacts) && settings.unresolvedContacts > 0 {
            triggers.append(Self.trigger(.context, "context.unresolved_history", score: 0.6, threshold: Double(settings.unresolvedContacts),
                                         measurements: ["unresolved_contacts": Double(unresolved)],
                                         explanation: "\(unresolved) earlier contacts were not resolved"))
        }
        let channels = Set(conversation?.channelsUsed ?? []).union(conversation?.customer?.recentActivity?.channelsTried ?? [])
        if channels.count >= Int(settings.channelsTried) && settings.channelsTried > 0 {
            triggers.append(Self.trigger(.context, "context.many_channels", score: 0.5, threshold: Double(settings.channelsTried),
                                         measurements: ["channels": Double(channels.count)],
                                         explanation: "The customer tried \(channels.count) channels"))
        }
        if context.recentNegativeConversations >= 2 {
            triggers.append(Self.trigger(.context, "context.recent_negative_conversations", score: 0.5, threshold: 2,
                                         measurements: ["negative_conversations": Double(context.recentNegativeConversations)],
                                         explanation: "Recent conversations with this customer were negative"))
        }
    }

    // MARK: Helpers

    static func trend(_ compounds: [Double], thresholds: SignalsV1.Thresholds) -> SignalsV1.SentimentTrend {
        let settings = thresholds.sentiment ?? Defaults.thresholds.sentiment!
        var trend = SignalsV1.SentimentTrend()
        guard !compounds.isEmpty else { return trend }
        trend.averageCompound = compounds.reduce(0, +) / Double(compounds.count)
        trend.consecutiveNegative = UInt32(compounds.reversed().prefix { $0 <= settings.negativeCompound }.count)
        let recent = Array(compounds.suffix(3))
        trend.slope = recent.count >= 2 ? (recent.last! - recent.first!) / Double(recent.count - 1) : 0
        trend.direction = trend.slope <= -abs(settings.worseningSlope) ? .worsening
            : trend.slope >= abs(settings.worseningSlope) ? .improving : .stable
        return trend
    }

    static func words(_ text: String) -> Set<Substring> {
        Set(PhraseMatcher.normalize(text).split(separator: " ").filter { $0.count > 2 })
    }

    static func jaccard(_ a: Set<Substring>, _ b: Set<Substring>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    static func defaultWeight(_ category: CommonV1.TriggerCategory) -> Double {
        switch category {
        case .explicitRequest, .capabilityLimit, .policy: 1
        case .sentiment, .loop: 0.8
        case .behavioural, .technicalEvent, .context: 0.6
        default: 0.7
        }
    }

    static func escalatesImmediately(_ trigger: Trigger) -> Bool {
        switch trigger.category {
        case .explicitRequest, .policy: true
        case .capabilityLimit: trigger.name != "capability.authorisation"
        default: false
        }
    }

    static func trigger(_ category: CommonV1.TriggerCategory, _ name: String, score: Double, threshold: Double,
                        messages: [Int] = [], phrases: [String] = [], events: [CommonV1.TechnicalEvent] = [],
                        measurements: [String: Double] = [:], explanation: String) -> Trigger {
        .with {
            $0.category = category
            $0.name = name
            $0.score = (score * 10_000).rounded() / 10_000
            $0.threshold = threshold
            $0.explanation = explanation
            $0.evidence = .with {
                $0.messageIndexes = messages.map { UInt32($0) }
                $0.matchedPhrases = phrases
                $0.events = events
                $0.measurements = measurements
            }
        }
    }
}
