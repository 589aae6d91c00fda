import Foundation
import Wire

/// Amounts of money written in customer text: "€300", "180 €", "$480.00",
/// "1.299,00 euros". Only currencies written with a symbol or a name are
/// recognised; a bare number is not money.
enum MoneyMention {
    /// Every amount in `text`, in minor units of its currency. An amount
    /// after "over", "under" and the like is a bound in a question ("items
    /// over €200"), not an amount, and is left out.
    static func all(in text: String) -> [CommonV1.Money] {
        mentions(in: text).compactMap { mention in
            let preceding = PhraseMatcher.normalize(String(text[..<mention.start]))
            guard !bounds.contains(where: { preceding.hasSuffix(" \($0) ") }) else { return nil }
            guard let currency = currencies[mention.marker], let minor = minorUnits(mention.digits) else { return nil }
            return .with { $0.currencyCode = currency; $0.amountMinor = minor }
        }
    }

    /// A symbol then digits ("€ 300", "$480.00"), or digits then a symbol
    /// or a currency name as a whole word ("180 €", "1.299,00 euros"), with
    /// at most one space between; scanned by hand (a Swift `Regex` cost
    /// hundreds of microseconds per message).
    static func mentions(in text: String) -> [(start: String.Index, marker: String, digits: String)] {
        let scalars = text.unicodeScalars
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .decimalNumber }
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || isDigit(scalar) || scalar == "_"
        }
        /// The digits-and-separators run from `index`.
        func run(from index: String.Index) -> String.Index {
            var end = index
            while end != scalars.endIndex, isDigit(scalars[end]) || scalars[end] == "." || scalars[end] == "," {
                scalars.formIndex(after: &end)
            }
            return end
        }
        func skipOneSpace(_ index: String.Index) -> String.Index {
            index != scalars.endIndex && scalars[index].properties.isWhitespace ? scalars.index(after: index) : index
        }
        var found: [(start: String.Index, marker: String, digits: String)] = []
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "€" || scalar == "$" || scalar == "£" {
                let digitsStart = skipOneSpace(scalars.index(after: index))
                if digitsStart != scalars.endIndex, isDigit(scalars[digitsStart]) {
                    let end = run(from: digitsStart)
                    found.append((index, String(scalar), String(scalars[digitsStart..<end])))
                    index = end
                    continue
                }
            } else if isDigit(scalar) {
                let end = run(from: index)
                let markerStart = skipOneSpace(end)
                if markerStart != scalars.endIndex, scalars[markerStart] == "€" || scalars[markerStart] == "£" {
                    found.append((index, String(scalars[markerStart]), String(scalars[index..<end])))
                } else if let name = currencyNames.first(where: { name in
                    let tail = scalars[markerStart...]
                    guard tail.count >= name.unicodeScalars.count,
                          zip(tail, name.unicodeScalars).allSatisfy({ String($0).lowercased() == String($1) }) else { return false }
                    let after = scalars.index(markerStart, offsetBy: name.unicodeScalars.count)
                    return after == scalars.endIndex || !isWordCharacter(scalars[after])
                }) {
                    found.append((index, name, String(scalars[index..<end])))
                }
                index = end
                continue
            }
            scalars.formIndex(after: &index)
        }
        return found
    }

    /// Currency names after an amount, longest first where one is a prefix of another.
    static let currencyNames = ["euros", "euro", "eur", "usd", "dollars", "dollar", "gbp", "pounds", "pound"]

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
