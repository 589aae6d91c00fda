import Foundation
public import Wire

/// Amounts of money written in customer text: "€300", "180 €", "$480.00",
/// "1.299,00 euros". Only currencies written with a symbol or a name are
/// recognised; a bare number is not money.
enum MoneyMention {
    /// Every amount in `text`, in minor units of its currency. An amount
    /// after "over", "under" and the like is a bound in a question ("items
    /// over €200"), not an amount, and is left out.
    static func all(in text: String) -> [CommonV1.Money] {
        let pattern = /(?<symbol>[€$£])\s?(?<before>\d[\d.,]*)|(?<after>\d[\d.,]*)\s?(?<name>€|£|(?:euros?|eur|usd|dollars?|gbp|pounds?)\b)/
            .ignoresCase()
        return text.matches(of: pattern).compactMap { match in
            let preceding = PhraseMatcher.normalize(String(text[..<match.range.lowerBound]))
            guard !bounds.contains(where: { preceding.hasSuffix(" \($0) ") }) else { return nil }
            let marker = (match.output.symbol ?? match.output.name).map { String($0).lowercased() } ?? ""
            guard let digits = match.output.before ?? match.output.after, let currency = currencies[marker],
                  let minor = minorUnits(String(digits))
            else { return nil }
            return .with { $0.currencyCode = currency; $0.amountMinor = minor }
        }
    }

    static let bounds = [
        "over", "above", "under", "below", "more than", "less than", "up to", "mas de", "menos de", "hasta",
        "plus de", "moins de", "jusqu'a", "uber", "unter", "mehr als", "weniger als", "bis zu",
    ]

    static let currencies = [
        "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "usd": "USD", "dollar": "USD",
        "dollars": "USD", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
    ]

    /// "649.00" → 64900, "1.299,00" → 129900, "1,299" → 129900: the last
    /// separator is a decimal point when one or two digits follow it.
    static func minorUnits(_ digits: String) -> Int64? {
        let trimmed = digits.trimmingCharacters(in: .init(charactersIn: ".,"))
        var whole = trimmed
        var cents = "00"
        if let separator = trimmed.lastIndex(where: { $0 == "." || $0 == "," }) {
            let fraction = trimmed[trimmed.index(after: separator)...]
            if fraction.count <= 2 {
                whole = String(trimmed[..<separator])
                cents = fraction.count == 1 ? fraction + "0" : String(fraction)
            }
        }
        guard let units = Int64(whole.filter(\.isNumber)), let minor = Int64(cents) else { return nil }
        return units * 100 + minor
    }
}
