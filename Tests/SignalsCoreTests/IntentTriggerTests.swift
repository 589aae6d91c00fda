import SignalsCore
import Testing
import Wire

/// The intent model inside the rules: the response's intent and the
/// triggers a tenant's intent settings add.
@Suite("Intent triggers")
struct IntentTriggerTests {
    static let rules = EscalationRules(sentiment: SentimentAnalyzer.shared, intent: IntentModel.shared)

    static func evaluate(_ text: String, intent: SignalsV1.IntentSettings? = nil) -> SignalsV1.EvaluateResponse {
        var thresholds = Defaults.thresholds
        if let intent { thresholds.intent = intent }
        return rules.evaluate(.with {
            $0.tenantID = "t"
            $0.conversation = .with {
                $0.conversationID = "c"
                $0.messages = [.with { $0.role = .customer; $0.text = text }]
            }
        }, thresholds: thresholds)
    }

    @Test("every customer message gets an intent, with alternatives")
    func intentInResponse() throws {
        let response = Self.evaluate("My delivery is late, when will my package arrive?")
        let intent = try #require(response.intent)
        #expect(intent.name == "delivery")
        #expect(intent.confidence > 0.5 && intent.confidence <= 1)
        #expect(!intent.outOfScope)
        #expect(!intent.alternatives.isEmpty && intent.alternatives.count <= 5)
        #expect(!response.triggers.contains { $0.category == .intent })
    }

    @Test("an unclear intent raises the risk a little, never alone to escalation")
    func unclearIntent() {
        let response = Self.evaluate("Where is my parcel? It was due on Monday.", intent: .with { $0.minConfidence = 0.6 })
        #expect((response.intent?.confidence ?? 1) < 0.6)
        #expect(response.triggers.contains { $0.name == "intent.unclear" })
        #expect(response.recommendation == .continue)
    }

    @Test("an intent the tenant marks sensitive is a capability limit that escalates")
    func sensitiveIntent() {
        let response = Self.evaluate("I want a refund for the broken TV please",
                                     intent: .with { $0.minConfidence = 0.5; $0.sensitiveIntents = ["refund"] })
        #expect(response.intent?.name == "refund")
        #expect(response.triggers.contains { $0.name == "capability.sensitive_intent" && $0.category == .capabilityLimit })
        #expect(response.recommendation == .escalateNow)
    }

    @Test("an intent outside the bot's scope is flagged without escalating alone")
    func outOfScope() {
        let response = Self.evaluate("I forgot my password and cannot log in",
                                     intent: .with { $0.minConfidence = 0.5; $0.inScopeIntents = ["delivery", "billing"] })
        #expect(response.intent?.name == "password")
        #expect(response.intent?.outOfScope == true)
        #expect(response.triggers.contains { $0.name == "intent.out_of_scope" })
        #expect(response.recommendation != .escalateNow)
    }
}
