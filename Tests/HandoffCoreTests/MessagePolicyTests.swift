import HandoffCore
import Testing

/// Transition messages, wait updates, search languages and synonyms.
@Suite("Messages and search")
struct MessagePolicyTests {
    @Test func transitionCarriesWaitPositionAndChoices() throws {
        let composed = try TransitionComposer().compose(.transitionSpecialist, languageTag: "en",
                                                         facts: .init(position: 3, waitSeconds: 430, family: .refund))
        #expect(composed.message.text.contains("help with your refund"))
        #expect(composed.message.text.contains("number 3 in the queue"))
        #expect(composed.message.text.contains("about 8 minutes"))
        #expect(composed.options == [.continueWithBot, .callback, .email])
        #expect(composed.choices.map(\.digit) == [0, 0, 0])
    }

    @Test func voiceChoicesGetDigitsAndGermanUsesTheDative() throws {
        let composed = try TransitionComposer().compose(.transitionSpecialist, languageTag: "de-AT",
                                                         facts: .init(position: 1, waitSeconds: 60, family: .refund), voice: true)
        #expect(composed.message.text.contains("bei Ihrer Rückerstattung weiterhelfen"))
        #expect(composed.choices.map(\.digit) == [1, 2, 3])
        #expect(composed.choices[1].label == "Rückruf anfordern")
    }

    @Test func offHoursConfirmsTheSummaryAndAgentJoinedNamesTheAgent() throws {
        let composer = TransitionComposer()
        let offHours = try composer.compose(.transitionOffHoursCallback, languageTag: "fr",
                                            facts: .init(summary: "Problème (remboursement)", callbackWindow: "demain à 9 h"))
        #expect(offHours.message.text.contains("« Problème (remboursement) »"))
        #expect(offHours.message.text.contains("demain à 9 h"))
        #expect(offHours.options == [.continueWithBot, .email])
        let joined = try composer.compose(.agentJoined, languageTag: "en", facts: .init(agentName: "Ana"))
        #expect(joined.message.text.contains("I have shared our conversation with Ana so you will not need to repeat anything"))
        #expect(joined.options.isEmpty)
        #expect(throws: TemplateError(.missingValue, placeholder: "agent_name")) {
            try composer.compose(.agentJoined, languageTag: "en", facts: .init())
        }
    }

    @Test func waitUpdatesOnlyPastThePromiseAndNotTooOften() {
        let policy = WaitUpdatePolicy(interval: 120)
        #expect(policy.decide(now: 1_000, enqueued: 800, promisedWait: 300, lastUpdate: nil)
                == WaitUpdateDecision(shouldSend: false, nextCheck: 1_100))
        #expect(policy.decide(now: 1_100, enqueued: 800, promisedWait: 300, lastUpdate: nil)
                == WaitUpdateDecision(shouldSend: true, nextCheck: 1_220))
        #expect(policy.decide(now: 1_150, enqueued: 800, promisedWait: 300, lastUpdate: 1_100)
                == WaitUpdateDecision(shouldSend: false, nextCheck: 1_220))
        #expect(policy.decide(now: 1_220, enqueued: 800, promisedWait: 300, lastUpdate: 1_100).shouldSend)
    }

    @Test(arguments: [("en-GB", SearchLanguage.english), ("es", .spanish), ("fr-CA", .french), ("de", .german), ("it", .simple),
                      ("", .simple)])
    func searchLanguages(_ tag: String, _ expected: SearchLanguage) {
        #expect(SearchLanguage(languageTag: tag) == expected)
    }

    @Test func synonymsExpandWordsAndPhrases() {
        let expander = SynonymExpander(groups: [["refund", "Reimbursement", "money back"], ["parcel", "package"], ["alone"]])
        #expect(expander.groups.count == 2)
        #expect(expander.expansions(of: "Where is my refund?") == ["reimbursement", "\"money back\""])
        #expect(expander.expansions(of: "I want my money back") == ["refund", "reimbursement"])
        #expect(expander.expansions(of: "hello") == [])
    }
}

/// Search texts from customers' own words.
@Suite("Knowledge queries")
struct KnowledgeQueryTests {
    @Test func operatorsDecideTheMatchMode() {
        #expect(KnowledgeQuery.matchesAnyWord("I want my refund please"))
        #expect(!KnowledgeQuery.matchesAnyWord("refund -shipping"))
        #expect(!KnowledgeQuery.matchesAnyWord("\"refund policy\""))
        #expect(!KnowledgeQuery.matchesAnyWord("refund or return"))
    }

    @Test func plainWordsDropOperators() {
        let plain = KnowledgeQuery.plainWords("Call me on +44 20 or write \"now\" -- please -x")
        #expect(plain == "Call me on +44 20 write now please x")
        #expect(KnowledgeQuery.matchesAnyWord(plain))
    }
}
