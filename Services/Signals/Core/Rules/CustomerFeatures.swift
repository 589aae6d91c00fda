/// What the rules read in the text of one customer message whatever the
/// tenant's settings, computed once per text and language
/// (`EscalationRules+Features.swift`), so a turn reads only its new messages.
struct CustomerFeatures: Sendable {
    /// What identifies the features: the text, and whether it is read as English.
    struct Key: Hashable, Sendable {
        var text: String
        var english: Bool
    }

    /// How much of a message the rules read: sentiment alone for an old
    /// message, tone cues for a recent one
    /// (``EscalationRules/recentCustomerMessages``), everything for the
    /// scored one. In a conversation followed turn by turn every message was
    /// the scored one once; the earlier messages of a first call are read no
    /// deeper than their place needs, as without the cache.
    enum Depth: Int, Comparable, Sendable {
        case sentiment, recent, scored

        static func < (a: Depth, b: Depth) -> Bool { a.rawValue < b.rawValue }
    }

    /// What the rules read in the recent customer messages.
    struct Detail: Sendable {
        /// VADER's compound of the last of several sentences, for English; nil otherwise.
        var lastSentenceCompound: Double?
        /// Swearing, written out or masked, unless in delight.
        var profanity: [String]
        /// Matches of the default strong-language lexicon.
        var defaultStrongLanguage: [String]
        /// Dissatisfaction VADER misses ("this is a joke"), or a complaint told as a bare fact (`grievance`).
        var dissatisfied: Bool
        /// Praise in scorn (``Lexicons/scorn``): the message is not glad, whatever else it says.
        var scornful: Bool
        /// A complaint told as a bare fact (``Grievance``): its evidence.
        var grievance: String?
        /// Read when the message is the scored one; nil until then.
        var scored: Scored?
    }

    /// What the rules read in the scored message, and in earlier ones when
    /// they must (``EscalationRules/isGlad(_:)`` and the like compute it then).
    struct Scored: Sendable {
        /// Thanks or joy.
        var glad: Bool
        /// Bad weather, an illness or an accident.
        var offTopic: Bool
        /// Says the last answer did not help.
        var unresolved: Bool
        /// Word stems, for restatements.
        var stems: Set<UInt64>
        /// Says the matter is settled (``EscalationRules/saysSettled(_:)-(String)``).
        var settled: Bool
        /// How the message pushes back on the last answer (``EscalationRules/pushesBack(_:)``).
        var pushback: [String]
    }

    /// VADER's scores of the whole text.
    var scores: SentimentScores
    /// The text after ``PhraseMatcher/normalize(_:)``.
    var normalized: String
    /// Nil until the message is read as a recent one.
    var detail: Detail?

    /// How deep the message has been read.
    var depth: Depth { detail == nil ? .sentiment : detail!.scored == nil ? .recent : .scored }
}
