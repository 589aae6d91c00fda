/// What the rules read in the text of one customer message whatever the
/// tenant's settings, computed once per text and language
/// (`EscalationRules+Features.swift`), so a turn reads only its new messages.
struct CustomerFeatures: Sendable {
    /// What identifies the features: the text, and whether it is read as English.
    struct Key: Hashable, Sendable {
        var text: String
        var english: Bool
    }

    /// What the rules read only in the recent customer messages
    /// (``EscalationRules/recentCustomerMessages``).
    struct Detail: Sendable {
        /// VADER's compound of the last of several sentences, for English; nil otherwise.
        var lastSentenceCompound: Double?
        /// Swearing, written out or masked, unless in delight.
        var profanity: [String]
        /// Matches of the default strong-language lexicon.
        var defaultStrongLanguage: [String]
        /// Dissatisfaction VADER misses ("this is a joke").
        var dissatisfied: Bool
        /// Thanks or joy.
        var glad: Bool
        /// Bad weather, an illness or an accident.
        var offTopic: Bool
        /// Says the last answer did not help.
        var unresolved: Bool
        /// Word stems, for restatements.
        var stems: Set<UInt64>
    }

    /// VADER's scores of the whole text.
    var scores: SentimentScores
    /// The text after ``PhraseMatcher/normalize(_:)``.
    var normalized: String
    /// Nil until the message is read as a recent one.
    var detail: Detail?
}
