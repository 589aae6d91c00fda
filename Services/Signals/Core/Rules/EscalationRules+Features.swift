/// The features of message texts (``CustomerFeatures``), from the rules'
/// ``MessageFeatureCache`` when it has them.
extension EscalationRules {
    /// The features of a customer message's text, with their detail when `detailed`.
    func customerFeatures(_ text: String, english: Bool, detailed: Bool) -> CustomerFeatures {
        let key = CustomerFeatures.Key(text: text, english: english)
        let cached = featureCache?.customer.value(for: key)
        if let cached, cached.detail != nil || !detailed { return cached }
        var features = cached ?? CustomerFeatures(scores: sentiment.scores(text), normalized: PhraseMatcher.normalize(text))
        if detailed { features.detail = detail(text, normalized: features.normalized, english: english) }
        featureCache?.customer.store(features, for: key)
        return features
    }

    private func detail(_ text: String, normalized: String, english: Bool) -> CustomerFeatures.Detail {
        CustomerFeatures.Detail(
            lastSentenceCompound: english ? Self.lastOfSeveralSentences(text).map { sentiment.scores(String($0)).compound } : nil,
            // "Holy shit that was fast" swears in delight.
            profanity: positiveSwearing.matches(inNormalized: normalized).isEmpty
                ? profanity.matches(inNormalized: normalized) + Profanity.masked(in: text) : [],
            defaultStrongLanguage: defaultStrongLanguage.matches(inNormalized: normalized),
            dissatisfied: !dissatisfaction.matches(inNormalized: normalized).isEmpty,
            glad: !glad.matches(inNormalized: normalized).isEmpty,
            offTopic: !offTopic.matches(inNormalized: normalized).isEmpty,
            unresolved: !unresolved.matches(inNormalized: normalized).isEmpty,
            stems: Self.stems(inNormalized: normalized))
    }

    /// The word stems of a bot message.
    func botStems(_ text: String) -> Set<UInt64> {
        if let stems = featureCache?.botStems.value(for: text) { return stems }
        let stems = Self.stems(inNormalized: PhraseMatcher.normalize(text))
        featureCache?.botStems.store(stems, for: text)
        return stems
    }

    /// Whether a customer message says thanks or joy.
    func isGlad(_ message: CustomerMessage) -> Bool {
        message.features.detail?.glad ?? !glad.matches(inNormalized: message.normalized).isEmpty
    }

    /// Whether a customer message says the last answer did not help.
    func isUnresolved(_ message: CustomerMessage) -> Bool {
        message.features.detail?.unresolved ?? !unresolved.matches(inNormalized: message.normalized).isEmpty
    }

    /// The word stems of a customer message.
    func stems(_ message: CustomerMessage) -> Set<UInt64> {
        message.features.detail?.stems ?? Self.stems(inNormalized: message.normalized)
    }
}
