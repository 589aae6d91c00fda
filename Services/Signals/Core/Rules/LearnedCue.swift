/// What the escalation head of the learned cue model
/// (``IntentModel/escalationCues``, `Tools/intent/train_escalation.py`) reads
/// in the scored customer message, when it reads enough: a matter only a
/// person may handle told in words no list foresaw ("three payments to a
/// casino … I have never gambled", "a rotten egg kind of whiff by the
/// meter"). Explainable: the probability and the words it rests on go into
/// the trigger's evidence.
///
/// The head's `complaint` label is trained but not read: as a negative
/// message for the sentiment rule it bought nothing on held-out batches, and
/// it had to be read in every recent message (session 13).
struct LearnedCue: Sendable {
    /// The label of the head read.
    static let label = "capability"

    var probability: Double
    /// The tenant's probability at or over which the cue counts
    /// (`policy.learned_capability_min_probability`).
    var threshold: Double
    /// The words and word pairs the reading rests on, heaviest first.
    var evidence: [String]

    /// The cue in `text`, whose prediction by the escalation head of `model`
    /// is `prediction`, if its probability reaches `threshold`.
    static func read(_ prediction: IntentPrediction, text: String, model: IntentModel, threshold: Double) -> LearnedCue? {
        guard let probability = prediction.candidates.first(where: { $0.name == label })?.confidence,
              probability >= threshold else { return nil }
        return LearnedCue(probability: (probability * 1_000).rounded() / 1_000, threshold: threshold,
                          evidence: model.evidence(text, head: .escalation, label: label))
    }
}
