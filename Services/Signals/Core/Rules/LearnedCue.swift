/// What the escalation head of the learned cue model
/// (``IntentModel/escalationCues``, `Tools/intent/train_escalation.py`) reads
/// in one customer message, when it reads enough: a matter only a person may
/// handle told in words no list foresaw ("three payments to a casino … I have
/// never gambled"), or a complaint told as a bare fact ("the third time the
/// engineer didn't show"). Explainable: the probability and the words it
/// rests on go into the trigger's evidence.
struct LearnedCue: Sendable {
    /// What the message reads as.
    enum Kind: String, Sendable {
        case capability, complaint
    }

    /// Probability at or over which each kind counts, chosen on data the
    /// head was not trained on: written batch 14 (no message of a
    /// conversation that must not escalate reaches them) and, for
    /// capability, Banking77 train (0.8: 86% of its unrecognised payments
    /// and compromised cards, 0.85% of its other queries). Kept high: the
    /// rules' lists and pairs come first, the head only adds what they miss.
    static let thresholds: [(kind: Kind, probability: Double)] = [(.capability, 0.8), (.complaint, 0.4)]

    /// The probability at or over which `kind` counts.
    static func threshold(_ kind: Kind) -> Double {
        thresholds.first { $0.kind == kind }!.probability
    }

    var kind: Kind
    var probability: Double
    /// The words and word pairs the reading rests on, heaviest first.
    var evidence: [String]

    /// The cue `model` reads in `text`, if any kind reaches its threshold.
    static func read(_ text: String, model: IntentModel) -> LearnedCue? {
        let prediction = model.classify(text, head: .escalation)
        for (kind, threshold) in thresholds {
            guard let probability = prediction.candidates.first(where: { $0.name == kind.rawValue })?.confidence,
                  probability >= threshold else { continue }
            return LearnedCue(kind: kind, probability: (probability * 1_000).rounded() / 1_000,
                              evidence: model.evidence(text, head: .escalation, label: kind.rawValue))
        }
        return nil
    }
}
