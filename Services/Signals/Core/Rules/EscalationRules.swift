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
///
/// Each category lives in its own extension (`EscalationRules+Sentiment.swift`
/// and so on); this file combines their triggers.
///
/// A class, immutable: the rules hold some forty matchers, and as a struct
/// every closure and lazy read that captured it copied them all (a retain
/// and a release each), over a thousand times per call.
public final class EscalationRules: Sendable {
    let sentiment: SentimentAnalyzer
    let intent: IntentModel?
    /// The learned cue model (``LearnedCue``); nil: no learned cues.
    let cues: IntentModel?
    let humanRequest = PhraseMatcher(Lexicons.humanRequest)
    let bareHumanRequest = Set(Lexicons.bareHumanRequest)
    /// The same words, hashed: whether a message holds one is read for every message.
    let bareHumanRequestWords = PhraseMatcher(Lexicons.bareHumanRequest)
    let bareRequestFiller = Set(Lexicons.bareRequestFiller)
    /// The capability lists, each with its matcher (read again on the customer's own words, when a threat may be
    /// someone else's).
    let capability: [(name: String, matcher: PhraseMatcher)] = EscalationRules.capabilityLists.map { ($0.name, PhraseMatcher($0.phrases)) }
    /// Every capability phrase and cue word (``capabilityCueWords``) in one matcher: a message is read once for all
    /// of them, not once per list.
    let capabilityReader = PhraseMatcher(EscalationRules.capabilityReaderPhrases)
    /// For each phrase of ``capabilityReader``, the positions in ``capability`` of the lists it is in.
    let capabilityListsOf = EscalationRules.capabilityListPositions
    let capabilityPairs = CapabilityPairs()
    let spreadCapabilityPairs = CapabilityPairs(Lexicons.spreadCapabilityPairs, window: CapabilityPairs.spreadWindow)
    /// The words (and possessives) of each kind of pair, so a cue of one kind does not run the other's search.
    let capabilityPairWords = EscalationRules.cueWords(Lexicons.capabilityPairs)
    let spreadPairWords = EscalationRules.cueWords(Lexicons.spreadCapabilityPairs)
    let disowningChange = PhraseMatcher(UnrecognisedChange.disowning)
    /// An estate being settled: a death long past is still the matter then.
    let estate = PhraseMatcher(Lexicons.estate)
    /// Any person word: the usual message has none and skips ``PersonRequest``.
    let personWords = PhraseMatcher(PersonRequest.persons.sorted())
    let legalErrand = PhraseMatcher(Lexicons.legalErrand)
    let legalOccupation = PhraseMatcher(Lexicons.legalOccupation)
    let dissatisfaction = PhraseMatcher(Lexicons.dissatisfaction + Lexicons.scorn)
    let defaultStrongLanguage = PhraseMatcher(Lexicons.strongLanguage)
    let profanity = PhraseMatcher(Lexicons.profanity)
    let glad = PhraseMatcher(Lexicons.gladness)
    let positiveSwearing = PhraseMatcher(Lexicons.positiveSwearing)
    let offTopic = PhraseMatcher(Lexicons.offTopicTrouble)
    let resolved = PhraseMatcher(Lexicons.resolved)
    let restatement = PhraseMatcher(Lexicons.restatement)
    let unresolved = PhraseMatcher(Lexicons.unresolved)
    let pushback = PhraseMatcher(Lexicons.pushback + Lexicons.triedAsTold)
    let separateMatter = PhraseMatcher(Lexicons.separateMatter)
    let repeatContact = PhraseMatcher(Lexicons.repeatContact)
    let botFallback = PhraseMatcher(Lexicons.botFallback)
    let refundRequest = PhraseMatcher(Lexicons.refundRequest)
    /// Nouns that open a claim (``Lexicons/compensationNouns``), read in the message before an amount.
    let compensation = PhraseMatcher(Lexicons.compensationNouns)
    /// Any word that asks an amount back (``MoneyMention/wantedBack(in:)``): the usual message has none.
    let amountBack = PhraseMatcher(MoneyMention.backWords.union(MoneyMention.returnedWords).sorted())
    let approved = PhraseMatcher(Lexicons.alreadyApproved)
    let moneyTaken = PhraseMatcher(Lexicons.moneyTaken)
    let moneyTakenPairs = CapabilityPairs(Lexicons.moneyTakenPairs)
    /// Features of the texts scored before; nil to compute every text on every call.
    public let featureCache: MessageFeatureCache?

    /// Creates the rules over a sentiment analyzer and, when given, the
    /// intent model (without one, responses carry no intent and the intent
    /// triggers stay silent) and the learned cue model (by default the
    /// bundled one, ``IntentModel/escalationCues``), keeping the features of
    /// the texts they read in `featureCache`.
    public init(sentiment: SentimentAnalyzer, intent: IntentModel? = nil, cues: IntentModel? = .escalationCues,
                featureCache: MessageFeatureCache? = MessageFeatureCache()) {
        self.sentiment = sentiment
        self.intent = intent
        self.cues = cues
        self.featureCache = featureCache
    }

    typealias Trigger = CommonV1.Trigger

    /// One customer message up to the scored one, with what the rules read in it.
    struct CustomerMessage {
        var index: Int
        var text: String
        /// What the rules read in `text` whatever the settings.
        var features: CustomerFeatures
        /// `text` after ``PhraseMatcher/normalize(_:)``, done once for every rule that matches words.
        var normalized: String { features.normalized }
        /// Whether the message has a question mark.
        var asks: Bool { EscalationRules.hasQuestionMark(text) }
        var scores: SentimentScores { features.scores }
        /// ``EscalationRules/tone(_:detail:english:strongLanguage:settings:)``: at or
        /// below the negative threshold when the message reads negative.
        var tone: Double
        var strongLanguage: [String]
        /// Swearing, written out or masked (``Profanity``).
        var profanity: [String]
        var sendTime: Int64?
        /// The learned complaint cue in a message VADER and the lists did not
        /// read as negative (``EscalationRules/readComplaints(_:scored:model:threshold:settings:)``).
        var learnedComplaint: LearnedCue?
    }

    /// Scores `request` under `thresholds`, as the first call of its conversation.
    public func evaluate(_ request: SignalsV1.EvaluateRequest, thresholds: SignalsV1.Thresholds,
                         context: CustomerContext = .init()) -> SignalsV1.EvaluateResponse {
        evaluate(ConversationMemory().merge(request), thresholds: thresholds, context: context)
    }

    /// Scores a call merged into what was remembered of its conversation
    /// (``ConversationMemory/merge(_:)``) under `thresholds`.
    public func evaluate(_ merged: ConversationMemory.Merged, thresholds: SignalsV1.Thresholds,
                         context: CustomerContext = .init()) -> SignalsV1.EvaluateResponse {
        let request = merged.request
        let messages = request.conversation?.messages ?? []
        let index = Int(request.messageIndex ?? UInt32(max(0, messages.count - 1)))
        var response = SignalsV1.EvaluateResponse()
        guard messages.indices.contains(index) else { return response }
        let current = messages[index]
        let sentimentSettings = thresholds.sentiment ?? Defaults.thresholds.sentiment!
        let behaviourSettings = thresholds.behaviour ?? Defaults.thresholds.behaviour!
        // The tenant's own strong-language terms are matched on every call; the default lexicon's matches are features.
        let customStrongLanguage = behaviourSettings.strongLanguageTerms.isEmpty
            ? nil : PhraseMatcher(Lexicons.strongLanguage + behaviourSettings.strongLanguageTerms)

        // Every customer message up to the current one: sentiment for all (the
        // response carries it); tone, swearing and strong language only for
        // the recent ones the rules read, so a long conversation costs little
        // more than a short one. Texts read before come from the feature cache.
        var customer: [CustomerMessage] = []
        // Read field by field: a copy of each message retains all of its strings, and a long conversation's
        // turn read every message several times.
        let customerCount = messages[...index].lazy.filter { $0.role == .customer }.count
        for position in 0...index where messages[position].role == .customer {
            let text = messages[position].text
            let language = messages[position].language.isEmpty ? request.conversation?.language ?? "" : messages[position].language
            let sendTime = messages[position].sendTime?.seconds
            let english = language.isEmpty || language.lowercased().hasPrefix("en")
            let recent = customerCount - customer.count <= Self.recentCustomerMessages
            let features = customerFeatures(text, english: english,
                                            depth: position == index ? .scored : recent ? .recent : .sentiment)
            response.sentiments.append(Self.wire(features.scores, index: position))
            guard recent, let detail = features.detail else {
                customer.append(CustomerMessage(index: position, text: text, features: features,
                                                tone: english ? features.scores.compound : 0, strongLanguage: [], profanity: [],
                                                sendTime: sendTime))
                continue
            }
            let strong = (customStrongLanguage.map { $0.matches(inNormalized: features.normalized) } ?? detail.defaultStrongLanguage)
                + detail.profanity
            customer.append(CustomerMessage(index: position, text: text, features: features,
                                            tone: tone(features, detail: detail, english: english, strongLanguage: strong,
                                                       settings: sentimentSettings),
                                            strongLanguage: strong, profanity: detail.profanity, sendTime: sendTime))
        }
        // The intent and the learned cues read the same features of the text: hashed once for both. A tenant's
        // thresholds of 1 turn the cues off, and then they are not read.
        let capabilityCueThreshold = thresholds.policy?.learnedCapabilityMinProbability
            ?? Defaults.thresholds.policy!.learnedCapabilityMinProbability!
        let requestCueThreshold = thresholds.policy?.learnedRequestMinProbability
            ?? Defaults.thresholds.policy!.learnedRequestMinProbability!
        let complaintCueThreshold = sentimentSettings.learnedComplaintMinProbability
            ?? Defaults.thresholds.sentiment!.learnedComplaintMinProbability!
        let cues = min(capabilityCueThreshold, requestCueThreshold, complaintCueThreshold) < 1 ? self.cues : nil
        let predictions = current.role == .customer
            ? IntentModel.classify(current.text, by: [intent.map { ($0, .baton) }, cues.map { ($0, .escalation) }])
            : [nil, nil]
        // The scored message is the previous one of the next turn, which the complaint cue may read again.
        if let prediction = predictions[1] { featureCache?.cuePredictions.store(prediction, for: current.text) }
        if let cues, complaintCueThreshold < 1, current.role == .customer, customer.last?.index == index {
            readComplaints(&customer, scored: predictions[1], model: cues, threshold: complaintCueThreshold,
                           settings: sentimentSettings)
        }
        let trend = Self.trend(customer, thresholds: thresholds)
        response.sentimentTrend = trend

        var triggers: [Trigger] = []
        let normalized = customer.last.flatMap { $0.index == index ? $0.normalized : nil }
            ?? PhraseMatcher.normalize(current.text)
        // Its words, split and hashed once for the lists that read it.
        let words = PhraseMatcher.words(inNormalized: normalized)
        let lastBot = messages[..<index].last { $0.role == .bot }
        explicitRequest(normalized, words: words, original: current.text, index: index, into: &triggers)
        if let cues, let cue = predictions[1].flatMap({
            LearnedCue.read(.person, $0, text: current.text, model: cues, threshold: requestCueThreshold)
        }) {
            learnedRequestTrigger(cue, model: cues, text: normalized, original: current.text, index: index, into: &triggers)
        }
        sentimentTriggers(customer, trend: trend, settings: sentimentSettings, into: &triggers)
        capabilityTriggers(normalized, words: words, original: current.text, index: index, into: &triggers)
        if let cues, let cue = predictions[1].flatMap({
            LearnedCue.read(.capability, $0, text: current.text, model: cues, threshold: capabilityCueThreshold)
        }) {
            learnedCapabilityTrigger(cue, text: normalized, original: current.text, index: index, into: &triggers)
        }
        confidenceTriggers(merged.botConfidences, customer: customer, lastBot: lastBot, thresholds: thresholds,
                           into: &triggers)
        if let prediction = predictions[0] {
            response.intent = intentTriggers(prediction, index: index, thresholds: thresholds, into: &triggers)
        }
        loopTriggers(messages, customer: customer, upTo: index, thresholds: thresholds, into: &triggers)
        if current.role == .customer, let latest = customer.last {
            behaviourTriggers(latest, customer: customer, messages: messages, channel: request.conversation?.channel,
                              settings: behaviourSettings, sentimentSettings: sentimentSettings, into: &triggers)
        }
        eventTriggers(request.events, customer: customer, thresholds: thresholds, into: &triggers)
        // The claim opened in the message before ("Comment puis-je obtenir un dédommagement ?", or the bot's
        // "Möchten Sie eine Entschädigung beantragen?"): the amount told now is the amount claimed.
        // Read only when the message names no claim of its own.
        func opensClaim(_ normalized: String) -> Bool {
            !compensation.matches(inNormalized: normalized).isEmpty && !saysGranted(normalized)
        }
        // The customer's earlier message is normalised already; the bot's is normalised only if that one opened nothing.
        let claimOpened = {
            customer.last(where: { $0.index < index }).map { opensClaim($0.normalized) } == true
                || lastBot.map { opensClaim(PhraseMatcher.normalize($0.text)) } == true
        }
        policyTriggers(request.requestedAction, text: normalized, words: words, original: current.text, index: index,
                       claimOpened: claimOpened, thresholds: thresholds, into: &triggers)
        contextTriggers(context, conversation: request.conversation, text: normalized,
                        message: customer.last.flatMap { $0.index == index ? $0 : nil }, customer: customer, thresholds: thresholds,
                        into: &triggers)

        // Tenant settings: categories switched off drop out; per-category weights apply.
        let settings = Dictionary(thresholds.categories.map { ($0.category, $0) }, uniquingKeysWith: { $1 })
        triggers = triggers.filter { settings[$0.category]?.enabled ?? true }
        var survival = 1.0
        var immediate = false
        var strongest = 0.0
        for trigger in triggers {
            let setting = settings[trigger.category]
            let weight = setting?.weight ?? Self.defaultWeight(trigger.category)
            let weighted = min(1, max(0, weight * trigger.score))
            survival *= 1 - weighted
            strongest = max(strongest, weighted)
            if setting?.escalateImmediately ?? Self.escalatesImmediately(trigger) { immediate = true }
        }
        var risk = 1 - survival
        if immediate { risk = max(risk, 0.95) }
        // The thresholds compare the risk as reported, so a reader of the
        // response can tell why it was (not) escalated.
        risk = (risk * 10_000).rounded() / 10_000
        response.riskScore = risk
        let escalate = thresholds.escalateThreshold > 0 ? thresholds.escalateThreshold : 0.7
        let watch = thresholds.watchThreshold > 0 ? thresholds.watchThreshold : 0.4
        // Signals the policy counts as fine alone (one unsure reply, a routine error code, an unclear intent) add
        // up to WATCH; escalating takes one trigger that reaches the threshold by itself (the risk then does too),
        // or one that escalates at once.
        response.recommendation = immediate || strongest >= escalate ? .escalateNow : risk >= watch ? .watch : .continue
        response.triggers = triggers.sorted { $0.score > $1.score }
        response.thresholdsRevision = thresholds.revision
        response.modelVersions = [
            .with { $0.component = "sentiment"; $0.model = "vader"; $0.version = "3.3.2-swift" },
            .with { $0.component = "rules"; $0.model = "baton-signals"; $0.version = SignalsCore.version },
        ]
        return response
    }

    // MARK: Helpers

    /// Customer messages, counted back from the scored one, whose tone and
    /// language the rules read (the loop window, consecutive negatives,
    /// bursts); older ones count with their sentiment alone.
    static let recentCustomerMessages = 12

    static func wire(_ scores: SentimentScores, index: Int) -> SignalsV1.MessageSentiment {
        .with {
            $0.messageIndex = UInt32(index)
            $0.sentiment = .with {
                $0.compound = scores.compound
                $0.positive = scores.positive
                $0.neutral = scores.neutral
                $0.negative = scores.negative
            }
        }
    }

    static func trend(_ messages: [CustomerMessage], thresholds: SignalsV1.Thresholds) -> SignalsV1.SentimentTrend {
        let settings = thresholds.sentiment ?? Defaults.thresholds.sentiment!
        var trend = SignalsV1.SentimentTrend()
        let compounds = messages.map(\.scores.compound)
        guard !compounds.isEmpty else { return trend }
        trend.averageCompound = compounds.reduce(0, +) / Double(compounds.count)
        trend.consecutiveNegative = UInt32(messages.reversed().prefix {
            $0.tone <= settings.negativeCompound || $0.learnedComplaint != nil
        }.count)
        let recent = Array(compounds.suffix(3))
        trend.slope = recent.count >= 2 ? (recent.last! - recent.first!) / Double(recent.count - 1) : 0
        trend.direction = trend.slope <= -abs(settings.worseningSlope) ? .worsening
            : trend.slope >= abs(settings.worseningSlope) ? .improving : .stable
        return trend
    }

    static let stopWords = PhraseMatcher.StopWords([
        "the", "and", "you", "your", "for", "can", "are", "was", "has", "have", "with", "this", "that", "not",
        "but", "how", "what", "where", "why", "when", "who", "there", "it's", "i'm", "i've", "please", "just",
        "any", "all", "our", "from", "its", "his", "her", "they", "them", "does", "did", "will", "would",
        "que", "los", "las", "por", "con", "una", "para", "les", "des", "une", "pour", "est", "vous", "mon",
        "der", "die", "das", "und", "ich", "sie", "mit", "ist", "ein", "eine",
    ])

    /// The stems (first five letters) of the words of a normalised text with
    /// three letters or more, function words left out: "changes" and
    /// "change", "cancelled" and "cancel" share a stem.
    static func stems(inNormalized normalized: String) -> Set<UInt64> {
        stems(inNormalized: normalized, words: PhraseMatcher.words(inNormalized: normalized))
    }

    /// ``stems(inNormalized:)`` of a text whose ``PhraseMatcher/words(inNormalized:)`` are `words`.
    static func stems(inNormalized normalized: String, words: PhraseMatcher.Words) -> Set<UInt64> {
        // Sized once: grown from empty, a set of twenty stems was reallocated four times.
        var set = Set<UInt64>(minimumCapacity: words.count)
        for word in words {
            let bytes = normalized.utf8[word.range]
            guard bytes.count >= 3 else { continue }
            if stopWords.hashes.contains(word.hash) && stopWords.words.contains(String(Substring(bytes))) { continue }
            set.insert(PhraseMatcher.hash(bytes.prefix(5)))
        }
        return set
    }

    /// Overlap similarity: shared words over the shorter message's words, so
    /// a question restated with extra words ("I told you, how do I cancel?")
    /// still counts as the same question.
    static func overlap(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
        guard !a.isEmpty && !b.isEmpty else { return 0 }
        return Double(sharedCount(a, b)) / Double(min(a.count, b.count))
    }

    /// How many stems `a` and `b` share, counted without building their intersection.
    static func sharedCount(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Int {
        let (smaller, larger) = a.count <= b.count ? (a, b) : (b, a)
        var shared = 0
        for stem in smaller where larger.contains(stem) { shared += 1 }
        return shared
    }

    static func defaultWeight(_ category: CommonV1.TriggerCategory) -> Double {
        switch category {
        case .explicitRequest, .capabilityLimit, .policy: 1
        case .sentiment, .loop: 0.8
        case .behavioural, .technicalEvent: 0.7
        case .context: 0.6
        default: 0.7
        }
    }

    static func escalatesImmediately(_ trigger: Trigger) -> Bool {
        switch trigger.category {
        case .explicitRequest, .policy: true
        case .sentiment: trigger.name == "sentiment.profanity"
        // Shouting, a burst of unanswered messages, an angry return after a long silence.
        case .behavioural: ["behaviour.shouting", "behaviour.angry_burst", "behaviour.angry_after_silence"].contains(trigger.name)
        case .botConfidence: trigger.name == "confidence.consecutive_low"
        case .loop: trigger.name == "loop.restated_question" || trigger.name == "loop.repeated_bot_answer"
        // The tenant's limits on the customer's history are reached.
        case .context: true
        case .capabilityLimit: trigger.name != "capability.authorisation"
        // A human must look: the tenant marked the error for manual review, or
        // someone other than the customer changed a security setting.
        case .technicalEvent: trigger.name == "technical.error_manual_review"
            || trigger.name == "technical.sensitive_setting_changed"
            // At the tenant's limit of failed payments (score 1); fewer only raise the risk.
            || (trigger.name == "technical.repeated_payment_failure" && trigger.score >= 1)
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
