import Wire

/// The features of message texts (``CustomerFeatures``), from the rules'
/// ``MessageFeatureCache`` when it has them.
extension EscalationRules {
    /// The features of a customer message's text, read at least to `depth`.
    func customerFeatures(_ text: String, english: Bool, depth: CustomerFeatures.Depth) -> CustomerFeatures {
        let key = CustomerFeatures.Key(text: text, english: english)
        let cached = featureCache?.customer.value(for: key)
        if let cached, cached.depth >= depth { return cached }
        // Sentiment reads what the customer says, not the name an email is signed with; the name stays the
        // message's last line, read as neutral, as every name VADER has no word for is.
        // Nor the kind of loss a claim is for ("water damage"), which is no word about the service.
        let spoken = SignOff.body(of: text)
        let read = spoken ?? text
        var features = cached ?? CustomerFeatures(scores: sentiment.scores(InsuredLoss.withoutLossWords(read) ?? read),
                                                  normalized: PhraseMatcher.normalize(text))
        let normalized = features.normalized
        // The text's words, split and hashed once for the lists below.
        lazy var words = PhraseMatcher.words(inNormalized: normalized)
        if depth >= .recent, features.detail == nil {
            let grievance = Grievance.find(inNormalized: normalized)
            let unhappy = dissatisfaction.matches(inNormalized: normalized, words: words)
            features.detail = CustomerFeatures.Detail(
                lastSentenceCompound: !english ? nil
                    : spoken != nil ? 0 : Self.lastOfSeveralSentences(text).map { sentence in
                        sentiment.scores(InsuredLoss.withoutLossWords(String(sentence)) ?? String(sentence)).compound
                    },
                // "Holy shit that was fast" swears in delight.
                profanity: positiveSwearing.matches(inNormalized: normalized, words: words).isEmpty
                    ? profanity.matches(inNormalized: normalized, words: words) + Profanity.masked(in: text) : [],
                defaultStrongLanguage: defaultStrongLanguage.matches(inNormalized: normalized, words: words),
                dissatisfied: grievance != nil || !unhappy.isEmpty,
                // Not with thanks ("Alles pünktlich da, super Service wirklich, danke!").
                scornful: unhappy.contains(where: Self.scorn.contains) && Self.thanks.matches(inNormalized: normalized).isEmpty,
                grievance: grievance)
        }
        if depth == .scored {
            // Read once: the loop rules ask them of the scored message several times, and of it again as the
            // message before the next one.
            let glad = !features.detail!.scornful && !glad.matches(inNormalized: normalized, words: words).isEmpty
            features.detail!.scored = CustomerFeatures.Scored(
                glad: glad,
                offTopic: tellsOffTopic(normalized, words: words),
                unresolved: saysUnresolved(normalized, asks: Self.hasQuestionMark(text)),
                stems: Self.stems(inNormalized: normalized, words: words),
                settled: saysSettled(normalized, words: words),
                pushback: readPushback(text: text, normalized: normalized, words: words, glad: glad))
        }
        featureCache?.customer.store(features, for: key)
        return features
    }

    /// The word stems of a bot message.
    func botStems(_ text: String) -> Set<UInt64> {
        if let stems = featureCache?.botStems.value(for: text) { return stems }
        let stems = Self.stems(inNormalized: PhraseMatcher.normalize(text))
        featureCache?.botStems.store(stems, for: text)
        return stems
    }

    /// The escalation head's prediction for a customer message (`model` is
    /// the cue model), from the cache when the message was read before: the
    /// scored message of one turn is the previous one of the next.
    func cuePrediction(_ text: String, model: IntentModel) -> IntentPrediction {
        if let prediction = featureCache?.cuePredictions.value(for: text) { return prediction }
        let prediction = model.classify(text, head: .escalation)
        featureCache?.cuePredictions.store(prediction, for: text)
        return prediction
    }

    /// Whether a customer message says thanks or joy.
    func isGlad(_ features: CustomerFeatures) -> Bool {
        features.detail?.scored?.glad
            ?? (features.detail?.scornful != true && !glad.matches(inNormalized: features.normalized).isEmpty)
    }

    /// Thanks, which makes praise sincere.
    static let thanks = PhraseMatcher(["thank you", "thanks", "thank u", "danke", "merci", "gracias", "cheers"])

    /// ``Lexicons/scorn``, to tell its matches among the dissatisfaction matcher's.
    static let scorn = Set(Lexicons.scorn)

    /// Whether a customer message tells of bad weather, an illness or an accident.
    func isOffTopic(_ features: CustomerFeatures) -> Bool {
        features.detail?.scored?.offTopic
            ?? tellsOffTopic(features.normalized, words: PhraseMatcher.words(inNormalized: features.normalized))
    }

    /// Whether a normalised text (its `words` split) tells of bad weather, an illness or an accident, not laid
    /// at the company's door ("My son fell ill after eating the chicken from your restaurant" is the matter).
    func tellsOffTopic(_ normalized: String, words: PhraseMatcher.Words) -> Bool {
        !offTopic.matches(inNormalized: normalized, words: words).isEmpty && !Self.serviceBlame.contains { normalized.contains($0) }
    }

    /// Words that tie the trouble to what the company sold or did.
    static let serviceBlame = [
        " after eating ", " after drinking ", " after using ", " after taking ", " because of your ",
        " despues de comer ", " despues de tomar ", " por culpa de vuestro ", " apres avoir mange ", " apres avoir bu ",
        " a cause de votre ", " nach dem essen ", " wegen ihres ", " wegen eures ",
    ]

    /// Whether `text` has a question mark, read in its bytes: with
    /// Foundation imported, `contains("?")` is NSString's substring search,
    /// a hot spot read for every message.
    static func hasQuestionMark(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: "?"))
    }

    /// Whether a customer message says the last answer did not help.
    func isUnresolved(_ message: CustomerMessage) -> Bool {
        message.features.detail?.scored?.unresolved ?? saysUnresolved(message.normalized, asks: message.asks)
    }

    /// The tenant's tone at or under which a customer message is negative.
    static func negativeCompound(_ thresholds: SignalsV1.Thresholds) -> Double {
        (thresholds.sentiment ?? Defaults.thresholds.sentiment!).negativeCompound
    }

    /// Whether a normalised text says the last answer did not help: a
    /// phrase of ``Lexicons/unresolved``, or a correction opening the
    /// message ("not a new plan. same account, same contract"); not a
    /// "still" in a message that `asks` whether a plan holds ("is parking
    /// still free?").
    func saysUnresolved(_ normalized: String, asks: Bool) -> Bool {
        // The normaliser pads the text with spaces.
        if normalized.drop(while: { $0 == " " }).hasPrefix("not ") { return true }
        let phrases = unresolved.matches(inNormalized: normalized)
        return phrases.contains { $0 != "still" } || !phrases.isEmpty && !Self.asksPlanStillHolds(normalized, asks: asks)
    }

    /// Whether a normalised text says the matter is settled ("all good",
    /// "that did the trick", "pues ya está"): ``Lexicons/resolved``, not
    /// right after a negation ("dos consultas que aún no se han resuelto").
    func saysSettled(_ normalized: String) -> Bool {
        saysSettled(normalized, words: PhraseMatcher.words(inNormalized: normalized))
    }

    /// Whether a customer message says the matter is settled, read when it was scored.
    func saysSettled(_ message: CustomerMessage) -> Bool {
        message.features.detail?.scored?.settled ?? saysSettled(message.normalized)
    }

    /// ``saysSettled(_:)-(String)`` of a text whose ``PhraseMatcher/words(inNormalized:)`` are `words`.
    func saysSettled(_ normalized: String, words: PhraseMatcher.Words) -> Bool {
        resolved.matches(inNormalized: normalized, words: words, unlessAfter: Self.negations, window: 3).contains { phrase in
            // Not in scorn ("Another week's delay. Great, that's all I needed.").
            if phrase == "that's all i needed" { return !normalized.contains(" great that's all i needed") }
            // Not the steps the customer finished ("I told you they're all done, it's still locked").
            if phrase == "all done" { return !Self.finishedThings.contains { normalized.contains($0) } }
            return !Self.working.contains(phrase) || !Self.deniesWorking(phrase, inNormalized: normalized)
        }
    }

    /// Things the customer says they finished, not the matter settled.
    static let finishedThings = [
        " they're all done ", " they are all done ", " they were all done ", " those are all done ", " these are all done ",
    ]

    /// Settled phrases ending on a verb of working, which French and German deny after it.
    static let working: Set<String> = ["ca marche", "fonctionne maintenant", "funktioniert jetzt"]

    /// Whether `phrase` of ``working`` is denied right after it in
    /// `normalized` ("ça marche pas", "ça marche vraiment pas",
    /// "funktioniert jetzt gar nicht"); not "ça marche, pas de souci" nor
    /// "ça marche, plus besoin".
    static func deniesWorking(_ phrase: String, inNormalized normalized: String) -> Bool {
        let words = normalized.splitOnSpaces()
        let phraseWords = phrase.splitOnSpaces()
        guard words.count > phraseWords.count else { return false }
        for start in 0...(words.count - phraseWords.count) where words[start..<start + phraseWords.count].elementsEqual(phraseWords) {
            var next = start + phraseWords.count
            while next < words.count, next < start + phraseWords.count + 2, workingAdverbs.contains(words[next]) { next += 1 }
            guard next < words.count, workingDenials.contains(words[next]) else { continue }
            if next + 1 < words.count, notDenials.contains(words[next + 1]) { continue }
            return true
        }
        return false
    }

    /// Words that stand between a verb of working and its denial.
    static let workingAdverbs: Set<Substring> = [
        "meme", "vraiment", "toujours", "encore", "auch", "gar", "uberhaupt", "wieder", "immer", "noch",
    ]

    /// Denials after a verb of working.
    static let workingDenials: Set<Substring> = ["pas", "plus", "jamais", "nicht", "nie"]

    /// Words after "pas" or "plus" that make it no denial ("pas de souci", "pas mal", "plus besoin", "pas grave").
    static let notDenials: Set<Substring> = ["de", "mal", "besoin", "grave"]

    /// The word stems of a customer message.
    func stems(_ message: CustomerMessage) -> Set<UInt64> {
        message.features.detail?.scored?.stems ?? Self.stems(inNormalized: message.normalized)
    }
}
