import Foundation
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
        // "ß" is written "ss" as often: one word to the lists.
        #expect(PhraseMatcher.normalize("Scheißladen, STRAẞE") == " scheissladen strasse ")
        // So are the ligatures, which Unicode does not decompose.
        #expect(PhraseMatcher.normalize("ça sent l'Œuf pourri, cœur") == " ca sent l'oeuf pourri coeur ")
        // English contractions typed without the apostrophe read as written with it, on both paths; words that are
        // words as they stand ("im" in German, "ill", "its") are left alone.
        #expect(PhraseMatcher.normalize("I DONT want a bot, thats it, its ill") == " i don't want a bot that's it its ill ")
        #expect(PhraseMatcher.normalize("cant log in 😡 im Büro") == " can't log in im buro ")
        #expect(PhraseMatcher(["can't do", "dont know"]).matches(in: "u cant do that? i don't know") == ["can't do", "dont know"])
    }

    @Test("the folding table gives what Foundation's whole-string decomposition gives")
    func foldingMatchesFoundation() {
        func reference(_ text: String) -> String {
            var out = " "
            var lastWasSpace = true
            for scalar in text.lowercased().replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "œ", with: "oe")
                .replacingOccurrences(of: "æ", with: "ae")
                .decomposedStringWithCompatibilityMapping.unicodeScalars {
                if scalar.properties.generalCategory == .nonspacingMark { continue }
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "'" || scalar == "’" {
                    out.unicodeScalars.append(scalar == "’" ? "'" : scalar)
                    lastWasSpace = false
                } else if !lastWasSpace {
                    out += " "
                    lastWasSpace = true
                }
            }
            if !lastWasSpace { out += " " }
            return out
        }
        let samples = ["Je voudrais parler à un conseiller, s'il vous plaît.", "Ich möchte mit einem Menschen sprechen – SOFORT!",
                       "¡¡¡LLEVO TRES SEMANAS ESPERANDO MI REEMBOLSO!!!", "Çà et là, Œuvre, naïve façade", "Straße Größe ÄÖÜ äöü",
                       "ﬁne ① ²", "Ñandú ĳssel Łódź Ärger", "Der Kunde schrieb: „Das ist eine Frechheit“ — 180 €"]
        for sample in samples {
            #expect(PhraseMatcher.normalize(sample) == reference(sample), "\(sample)")
        }
        // Every scalar of the table's range.
        let all = String(String.UnicodeScalarView((0x80..<0x250).compactMap(Unicode.Scalar.init)))
        #expect(PhraseMatcher.normalize(all) == reference(all))
    }
}
