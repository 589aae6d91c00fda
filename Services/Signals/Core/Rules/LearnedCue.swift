/// What the escalation head of the learned cue model
/// (``IntentModel/escalationCues``, `Tools/intent/train_escalation.py`) reads
/// in the scored customer message, when it reads enough: a matter only a
/// person may handle told in words no list foresaw ("three payments to a
/// casino … I have never gambled", "a rotten egg kind of whiff by the
/// meter"), or a request for a person no clause rule foresaw ("someone from
/// your claims team rather than the assistant", "alguien de carne y hueso").
/// Explainable: the probability and the words it rests on go into the
/// trigger's evidence.
/// Also a complaint told as a bare fact ("Week three of waiting for the
/// replacement router."), which counts as a negative message for the
/// sentiment rule.
struct LearnedCue: Sendable {
    /// A label of the head the rules read.
    enum Label: String, Sendable {
        /// A matter only a person may handle (`capability.learned`).
        case capability
        /// A request for a person (`explicit.learned_request`).
        case person
        /// A complaint about the service told as a fact, a negative message
        /// for `sentiment.consecutive_negative`.
        case complaint
    }

    var probability: Double
    /// The tenant's probability at or over which the cue counts
    /// (`policy.learned_capability_min_probability`, `policy.learned_request_min_probability`,
    /// `sentiment.learned_complaint_min_probability`).
    var threshold: Double
    /// The words and word pairs the reading rests on, heaviest first.
    var evidence: [String]

    /// The cue for `label` in `text`, whose prediction by the escalation head
    /// of `model` is `prediction`, if its probability reaches `threshold`.
    static func read(_ label: Label, _ prediction: IntentPrediction, text: String, model: IntentModel,
                     threshold: Double) -> LearnedCue? {
        guard threshold < 1,
              let probability = prediction.candidates.first(where: { $0.name == label.rawValue })?.confidence,
              probability >= threshold else { return nil }
        return LearnedCue(probability: (probability * 1_000).rounded() / 1_000, threshold: threshold,
                          evidence: model.evidence(text, head: .escalation, label: label.rawValue))
    }
}
