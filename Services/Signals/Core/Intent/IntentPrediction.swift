/// What the intent model makes of one message.
public struct IntentPrediction: Sendable, Equatable {
    /// A label with its probability.
    public struct Candidate: Sendable, Equatable {
        /// The label, such as `refund`.
        public var name: String
        /// Its probability in [0, 1].
        public var confidence: Double

        /// A candidate label with its probability.
        public init(name: String, confidence: Double) {
            self.name = name
            self.confidence = confidence
        }
    }

    /// The most likely label. It stays the most likely label when the
    /// prediction is out of scope, so it is the head's out-of-scope label
    /// (`other`, `oos`) only when that label wins.
    public var name: String
    /// Probability of `name`, in [0, 1].
    public var confidence: Double
    /// True when the head's out-of-scope label won or `confidence` is below
    /// the head's calibrated threshold.
    public var isOutOfScope: Bool
    /// The most likely labels, most likely first, `name` included (at most 6:
    /// the top one plus the five alternatives that `Intent.alternatives` holds).
    public var candidates: [Candidate]

    /// A prediction made of its parts.
    public init(name: String, confidence: Double, isOutOfScope: Bool, candidates: [Candidate]) {
        self.name = name
        self.confidence = confidence
        self.isOutOfScope = isOutOfScope
        self.candidates = candidates
    }
}
