import SignalsCore
import Testing
import Wire

/// The feature cache is a memo: the rules answer the same with it as without.
@Suite("Message feature cache")
struct MessageFeatureCacheTests {
    @Test("every turn of every scenario gets the same response with the feature cache as without, resent or current turn only")
    func sameResponses() throws {
        let uncached = EscalationRules(sentiment: SentimentAnalyzer.shared, intent: IntentModel.shared, featureCache: nil)
        // Small, so its generations turn over many times during the replay.
        let cached = EscalationRules(sentiment: SentimentAnalyzer.shared, intent: IntentModel.shared,
                                     featureCache: MessageFeatureCache(capacity: 16))
        var turns = 0
        for scenario in try Scenario.all() {
            for resendHistory in [true, false] {
                let plain = try EscalationScenarioTests.replay(scenario, resendHistory: resendHistory, rules: uncached,
                                                               throughEscalation: false)
                let memo = try EscalationScenarioTests.replay(scenario, resendHistory: resendHistory, rules: cached,
                                                              throughEscalation: false)
                #expect(plain.responses == memo.responses, "\(scenario.id), resendHistory \(resendHistory)")
                turns += plain.responses.count
            }
        }
        #expect(turns > 600)
    }

    @Test("a value taken from the memo is gone for the next reader, from either generation")
    func take() {
        let cache = FeatureCache<String, Int>(capacity: 2)
        cache.store(1, for: "a")
        cache.store(2, for: "b")
        cache.store(3, for: "c")  // "a" and "b" now in the older generation
        #expect(cache.take("a") == 1)
        #expect(cache.take("a") == nil)
        #expect(cache.value(for: "a") == nil)
        #expect(cache.take("c") == 3)
        #expect(cache.value(for: "b") == 2)
    }
}
