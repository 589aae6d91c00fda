import SignalsCore
import Testing

/// Phrase matching on word boundaries, case- and accent-insensitive.
@Suite("Phrase matcher")
struct PhraseMatcherTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: [String]
        var testDescription: String { text }
    }

    static let matcher = PhraseMatcher(["talk to a person", "agent", "hablar con un agente", "sue", "data protection",
                                        "talk to a manager", "ich möchte"])

    @Test("phrases match whole words only, in the order given", arguments: [
        Case(text: "Let me TALK to a person!", expected: ["talk to a person"]),
        Case(text: "talk to a", expected: []),
        Case(text: "agents are busy; agent please", expected: ["agent"]),
        Case(text: "I will sue you", expected: ["sue"]),
        Case(text: "I will pursue this", expected: []),
        Case(text: "Suey", expected: []),
        Case(text: "Quiero HABLAR con un agénte", expected: ["hablar con un agente"]),
        Case(text: "data-protection officer, then talk to a manager, agent", expected: ["agent", "data protection", "talk to a manager"]),
        Case(text: "Ich mochte bitte", expected: ["ich möchte"]),
        Case(text: "", expected: []),
        Case(text: "talk talk to a person to a person", expected: ["talk to a person"]),
    ])
    func matches(_ test: Case) {
        #expect(Self.matcher.matches(in: test.text) == test.expected)
    }

    @Test("ASCII and the general path normalise alike")
    func normalisation() {
        #expect(PhraseMatcher.normalize("Hello,  WORLD!! it's 42") == " hello world it's 42 ")
        #expect(PhraseMatcher.normalize("Héllo,  WÖRLD!! it’s 42") == " hello world it's 42 ")
        #expect(PhraseMatcher.normalize("...") == " ")
    }
}
