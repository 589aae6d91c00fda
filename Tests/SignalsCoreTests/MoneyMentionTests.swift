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
        Case(text: "Please refund the duplicate charge of USD 1,188.00.", expected: ["USD 118800"]),
        Case(text: "the USDA label says 300", expected: []),
        Case(text: "items over €200?", expected: []),
        Case(text: "order 1042 arrived 3 days late", expected: []),
        Case(text: "50 EUR and 20 pounds", expected: ["EUR 5000", "GBP 2000"]),
        Case(text: "20 poundsterling", expected: []),
        Case(text: "$ 12", expected: ["USD 1200"]),
        Case(text: "€", expected: []),
        Case(text: "a tablet worth three hundred and forty dollars", expected: ["USD 34000"]),
        Case(text: "two thousand one hundred pounds taken twice", expected: ["GBP 210000"]),
        Case(text: "four hundred and ninety nine dollars, sent to Ohio", expected: ["USD 49900"]),
        Case(text: "twenty quid", expected: ["GBP 2000"]),
        Case(text: "one of the three items", expected: []),
        Case(text: "soit 1 180 € au total", expected: ["EUR 118000"]),
        Case(text: "insgesamt 12\u{202F}500 Euro", expected: ["EUR 1250000"]),
        Case(text: "order 1042 and 15 €", expected: ["EUR 1500"]),
        Case(text: "booking 55-120, €40 paid at the desk", expected: ["EUR 4000"]),
        Case(text: "son trescientos euros", expected: ["EUR 30000"]),
        Case(text: "trois cents euros", expected: ["EUR 30000"]),
        Case(text: "dreihundert Euro", expected: ["EUR 30000"]),
    ])
    func mentions(_ test: Case) {
        #expect(MoneyMention.all(in: test.text).map { "\($0.currencyCode) \($0.amountMinor)" } == test.expected)
    }

    @Test("amounts the next words ask back", arguments: [
        Case(text: "I want the full £310 back.", expected: ["GBP 31000"]),
        Case(text: "Ich will die 300 Euro zurück.", expected: ["EUR 30000"]),
        Case(text: "Call me back about the $300 bill.", expected: []),
        Case(text: "I paid $300 and got the wrong size back", expected: []),
        Case(text: "I'd like that £310 returned please", expected: ["GBP 31000"]),
        Case(text: "I paid £310 and returned the item", expected: []),
    ])
    func wantedBack(_ test: Case) {
        #expect(MoneyMention.wantedBack(in: test.text).map { "\($0.currencyCode) \($0.amountMinor)" } == test.expected)
    }
}
