import RouterCore
import Testing

/// Language matching between customers and agents.
@Suite("Language tags")
struct LanguageTagTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var requested: String
        var offered: String
        var matches: Bool
        var testDescription: String { "\(requested) by \(offered)" }
    }

    static let cases: [Case] = [
        Case(requested: "en", offered: "en", matches: true),
        Case(requested: "en", offered: "en-GB", matches: true),
        Case(requested: "en-GB", offered: "en", matches: true),
        Case(requested: "EN-gb", offered: "en-GB", matches: true),
        Case(requested: "pt_BR", offered: "pt-BR", matches: true),
        Case(requested: "en-GB", offered: "en-US", matches: false),
        Case(requested: "zh-Hant", offered: "zh-Hans", matches: false),
        Case(requested: "de", offered: "en", matches: false),
        Case(requested: "en", offered: "english", matches: false),
        Case(requested: "", offered: "en", matches: false),
    ]

    @Test("matching", arguments: cases)
    func matching(_ sample: Case) {
        #expect(LanguageTag.matches(requested: sample.requested, offered: sample.offered) == sample.matches,
                "\(sample.testDescription)")
    }
}
