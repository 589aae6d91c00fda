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

/// The terms a plain search looks for.
@Suite("Term selection")
struct TermSelectorTests {
    @Test func rareTermsAnyOfThemWithinTheBudget() {
        let terms = [(lexeme: "order", documents: 900), (lexeme: "cancel", documents: 40), (lexeme: "pleas", documents: 800),
                     (lexeme: "invoic", documents: 30), (lexeme: "zzz", documents: 0), (lexeme: "refund", documents: 40)]
        #expect(TermSelector(budget: 100).select(terms, total: 1_000) == .init(lexemes: ["invoic", "cancel"], requireAll: false))
        #expect(TermSelector(budget: 110).select(terms, total: 1_000).lexemes == ["invoic", "cancel", "refund"])
        #expect(TermSelector(budget: 100).select([("a", 3), ("a", 3)], total: 10) == .init(lexemes: ["a"], requireAll: false))
    }

    @Test func commonTermsAllOfTheRarestTogether() {
        // 10,000 articles, rarest first: 10,000 × 0.2 = 2,000 > 300; × 0.3 = 600 > 300; × 0.4 = 240 <= 300.
        let terms = [(lexeme: "pleas", documents: 9_000), (lexeme: "order", documents: 5_000), (lexeme: "help", documents: 4_000),
                     (lexeme: "need", documents: 3_000), (lexeme: "today", documents: 2_000)]
        #expect(TermSelector(budget: 300).select(terms, total: 10_000)
                == .init(lexemes: ["today", "need", "help"], requireAll: true))
        // × 0.5 = 120 > 100, × 0.9 = 108 > 100: no count is enough, so every term.
        #expect(TermSelector(budget: 100).select(terms, total: 10_000).lexemes == ["today", "need", "help", "order", "pleas"])
        #expect(TermSelector(budget: 300).select([("pleas", 9_000)], total: 10_000) == .init(lexemes: ["pleas"], requireAll: false))
    }

    @Test func nothingKnownNothingSearched() {
        #expect(TermSelector().select([("zzz", 0)], total: 10) == .init(lexemes: [], requireAll: false))
        #expect(TermSelector().select([], total: 10).lexemes.isEmpty)
    }
}
