import SignalsCore
import Testing
import Wire

/// The learned cues (`Resources/escalation-model.bin`) inside the rules:
/// what they add over the lists, with their evidence, and where they stay
/// silent; and the intent and cue heads read from one hashing of the text.
@Suite("Learned cues")
struct LearnedCueTests {
    static let rules = EscalationRules(sentiment: SentimentAnalyzer.shared, intent: IntentModel.shared)
    static let withoutCues = EscalationRules(sentiment: SentimentAnalyzer.shared, intent: IntentModel.shared, cues: nil)

    static func evaluate(_ texts: [String], rules: EscalationRules = rules,
                         thresholds: SignalsV1.Thresholds = Defaults.thresholds) -> SignalsV1.EvaluateResponse {
        rules.evaluate(alternating: texts, thresholds: thresholds)
    }

    /// The default thresholds with the tenant's learned capability threshold `probability` (nil: unset).
    static func thresholds(learnedCapability probability: Double?) -> SignalsV1.Thresholds {
        var thresholds = Defaults.thresholds
        thresholds.policy!.learnedCapabilityMinProbability = probability
        return thresholds
    }

    @Test("the bundled cue model has the escalation head and its four labels")
    func bundled() {
        #expect(IntentModel.escalationCues.has(.escalation))
        #expect(IntentModel.escalationCues.labels(of: .escalation) == ["none", "person", "capability", "complaint"])
    }

    @Test("a fraud told by inference, in no listed words, escalates with the words it rests on")
    func fraudByInference() throws {
        let text = "There is a payment on my card from a shop in another country and I have been at home all month."
        #expect(Self.evaluate([text], rules: Self.withoutCues).recommendation != .escalateNow)
        let response = Self.evaluate([text])
        #expect(response.recommendation == .escalateNow)
        let trigger = try #require(response.triggers.first { $0.name == "capability.learned" })
        #expect(trigger.category == .capabilityLimit)
        #expect((trigger.evidence?.measurements["probability"] ?? 0) >= 0.8)
        let phrases = trigger.evidence?.matchedPhrases ?? []
        #expect(!phrases.isEmpty)
        #expect(phrases.allSatisfy { text.lowercased().contains($0) })
    }

    @Test("the threshold is the tenant's: unset reads as the default, 1 turns the cue off, the trigger names the one used")
    func tenantThreshold() throws {
        let text = "There is a payment on my card from a shop in another country and I have been at home all month."
        let unset = Self.evaluate([text], thresholds: Self.thresholds(learnedCapability: nil))
        let byDefault = try #require(unset.triggers.first { $0.name == "capability.learned" })
        #expect(byDefault.threshold == 0.8)
        let probability = try #require(byDefault.evidence?.measurements["probability"])
        #expect(probability < 1)
        let off = Self.evaluate([text], thresholds: Self.thresholds(learnedCapability: 1))
        #expect(!off.triggers.contains { $0.name == "capability.learned" })
        let above = Self.evaluate([text], thresholds: Self.thresholds(learnedCapability: min(1, probability + 0.01)))
        #expect(!above.triggers.contains { $0.name == "capability.learned" })
        let lower = Self.evaluate([text], thresholds: Self.thresholds(learnedCapability: probability - 0.01))
        let trigger = try #require(lower.triggers.first { $0.name == "capability.learned" })
        #expect(trigger.threshold == probability - 0.01)
    }

    @Test("the same words reported from someone else do not count")
    func reported() {
        let response = Self.evaluate(["My friend said there is a payment on her card from a shop in another country."])
        #expect(!response.triggers.contains { $0.name == "capability.learned" })
    }

    @Test("the same case supposed, not told, does not count")
    func supposed() {
        let response = Self.evaluate(["If there ever were a payment on my card from a shop in another country, what would happen?"])
        #expect(!response.triggers.contains { $0.name == "capability.learned" })
    }

    @Test("thanks and calm weather talk read as nothing")
    func calm() {
        for text in ["Thanks, that's all I needed.", "It rained all week, how do I leave delivery instructions?"] {
            #expect(Self.evaluate([text]).triggers.isEmpty, "\(text)")
        }
    }

    @Test("a request for a person in words no clause rule knows escalates as a learned request, with its words")
    func learnedRequest() throws {
        let text = "Could a member of your billing staff go through this with me instead of the automated replies?"
        #expect(Self.evaluate([text], rules: Self.withoutCues).recommendation != .escalateNow)
        let response = Self.evaluate([text])
        #expect(response.recommendation == .escalateNow)
        let trigger = try #require(response.triggers.first { $0.name == "explicit.learned_request" })
        #expect(trigger.category == .explicitRequest)
        #expect(trigger.threshold == 0.5)
        #expect((trigger.evidence?.measurements["probability"] ?? 0) >= 0.5)
        let phrases = trigger.evidence?.matchedPhrases ?? []
        #expect(!phrases.isEmpty)
        #expect(phrases.allSatisfy { text.lowercased().contains($0) })
        var off = Defaults.thresholds
        off.policy!.learnedRequestMinProbability = 1
        #expect(!Self.evaluate([text], thresholds: off).triggers.contains { $0.name == "explicit.learned_request" })
    }

    /// Expects the head alone to read `text` as a request for a person, and the rules to take none: what the
    /// rules read around the head is what keeps it out.
    static func expectRequestKeptOut(_ text: String) {
        let prediction = IntentModel.escalationCues.classify(text, head: .escalation)
        #expect((prediction.candidates.first { $0.name == "person" }?.confidence ?? 0) >= 0.5)
        #expect(!evaluate([text]).triggers.contains { $0.category == .explicitRequest })
    }

    @Test("the customer asking to be put in a role on the account asks for no person")
    func selfInRole() {
        Self.expectRequestKeptOut("actually yes, the billing contact is my old boss who retired. could it be me")
    }

    @Test("a request reported from someone else is read again in the customer's own words, and does not count")
    func reportedRequest() {
        // The scope keeps it out.
        Self.expectRequestKeptOut("My friend said I should ask for someone from your claims team rather than the assistant.")
    }

    @Test("two complaints told as bare facts are two negative messages in a row; the cue's words are the evidence")
    func learnedComplaints() throws {
        // The first is read by the cue alone (a count, a wait or a no-show would be a ``Grievance``).
        let texts = ["The order came without the main dish.",
                     "I'm sorry to hear that. Could you restart the router?",
                     "Otro mes cobrado sin motivo y nadie me contesta."]
        #expect(!Self.evaluate(texts, rules: Self.withoutCues).triggers.contains { $0.name == "sentiment.consecutive_negative" })
        let trigger = try #require(Self.evaluate(texts).triggers.first { $0.name == "sentiment.consecutive_negative" })
        #expect((trigger.evidence?.measurements["learned_complaints"] ?? 0) >= 1)
        #expect((trigger.evidence?.measurements["learned_complaint_probability"] ?? 0) >= 0.5)
        let phrases = trigger.evidence?.matchedPhrases ?? []
        #expect(!phrases.isEmpty)
        #expect(phrases.allSatisfy { texts.joined(separator: " ").lowercased().contains($0) })
        var off = Defaults.thresholds
        off.sentiment!.learnedComplaintMinProbability = 1
        #expect(!Self.evaluate(texts, thresholds: off).triggers.contains { $0.name == "sentiment.consecutive_negative" })
    }

    @Test("a problem told once and then thanks is not two negative messages")
    func complaintThenThanks() {
        let texts = ["Week four and the broadband still drops every evening.", "I'm sorry. I've booked an engineer for Monday.",
                     "Ok, thanks for sorting it."]
        #expect(!Self.evaluate(texts).triggers.contains { $0.category == .sentiment })
    }

    @Test("two heads classified together give what each gives alone")
    func together() {
        let text = "There is a payment on my card from a shop in another country and I have been at home all month."
        let both = IntentModel.classify(text, by: [(IntentModel.shared, .baton), nil, (IntentModel.escalationCues, .escalation)])
        #expect(both[1] == nil)
        #expect(both[0] == IntentModel.shared.classify(text))
        #expect(both[2] == IntentModel.escalationCues.classify(text, head: .escalation))
        #expect(IntentModel.classify(text, by: [nil]) == [nil])
    }

    @Test("evidence: the words and word pairs of the text that weigh most for the label")
    func evidence() {
        let words = IntentModel.escalationCues.evidence("Someone has taken money from my account and it wasn't me.",
                                                        head: .escalation, label: "capability", count: 3)
        #expect(!words.isEmpty && words.count <= 3)
        #expect(words.allSatisfy { "someone has taken money from my account and it wasnt me".contains($0) })
        // Short words ("and", "my") stand only in a pair with a longer one.
        #expect(words.allSatisfy { $0.contains(" ") || $0.utf8.count > 3 })
        #expect(IntentModel.escalationCues.evidence("anything", head: .escalation, label: "no such label").isEmpty)
    }
}
