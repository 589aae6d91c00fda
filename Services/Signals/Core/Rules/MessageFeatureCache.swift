/// What ``EscalationRules`` computed from message texts (sentiment, tone
/// cues, swearing, phrase matches, word stems), kept so that a turn of a long
/// conversation reads only the messages new since the previous turn and
/// combines the rest. A memo: the rules give the same answers without it.
public final class MessageFeatureCache: Sendable {
    let customer: FeatureCache<CustomerFeatures.Key, CustomerFeatures>
    /// Word stems of bot messages, for repeated answers.
    let botStems: FeatureCache<String, Set<UInt64>>
    /// The learned cue head's reading of customer messages: the complaint
    /// cue reads the message before the scored one again.
    let cuePredictions: FeatureCache<String, IntentPrediction>

    /// Creates an empty cache keeping about `capacity` to twice as many texts of each role.
    public init(capacity: Int = 4096) {
        customer = FeatureCache(capacity: capacity)
        botStems = FeatureCache(capacity: capacity)
        cuePredictions = FeatureCache(capacity: capacity)
    }

    /// Forgets every text (benchmarks time a conversation seen for the first time).
    public func removeAll() {
        customer.removeAll()
        botStems.removeAll()
        cuePredictions.removeAll()
    }
}
