@testable import SignalsCore
import Testing

/// Amounts of money in customer text.
@Suite("Money mentions")
struct MoneyMentionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: [String]
        var testDescription: String { text }
    }

    @Test("amounts with a symbol or a currency name, in minor units; bounds and bare numbers are not amounts", arguments: [
        Case(text: "I want €300 back", expected: ["EUR 30000"]),
        Case(text: "Ich möchte die 180 € für die Reparatur", expected: ["EUR 18000"]),
        Case(text: "refund $480.00 now", expected: ["USD 48000"]),
        Case(text: "it cost 1.299,00 euros", expected: ["EUR 129900"]),
        Case(text: "I expect £150 in compensation", expected: ["GBP 15000"]),
        Case(text: "items over €200?", expected: []),
        Case(text: "order 1042 arrived 3 days late", expected: []),
        Case(text: "50 EUR and 20 pounds", expected: ["EUR 5000", "GBP 2000"]),
        Case(text: "20 poundsterling", expected: []),
        Case(text: "$ 12", expected: ["USD 1200"]),
        Case(text: "€", expected: []),
    ])
    func mentions(_ test: Case) {
        #expect(MoneyMention.all(in: test.text).map { "\($0.currencyCode) \($0.amountMinor)" } == test.expected)
    }
}
