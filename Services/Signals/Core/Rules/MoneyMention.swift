import Foundation
import Wire

/// Amounts of money written in customer text: "€300", "180 €", "$480.00",
/// "1.299,00 euros". Only currencies written with a symbol or a name are
/// recognised; a bare number is not money.
enum MoneyMention {
    /// Every amount in `text`, in minor units of its currency. An amount
    /// after "over", "under" and the like is a bound in a question ("items
    /// over €200"), not an amount, and is left out.
    /// Amounts spelt in English words ("four hundred and ninety nine
    /// dollars", as voice transcripts write them) count too.
    static func all(in text: String) -> [CommonV1.Money] {
        amounts(in: text).map(\.money)
    }

    /// The amounts of ``all(in:)`` that the next few words ask back ("I want
    /// the full £310 back", "die 300 Euro zurück").
    static func wantedBack(in text: String) -> [CommonV1.Money] {
        amounts(in: text).filter { amount in
            let next = PhraseMatcher.normalize(String(text[amount.end...])).splitOnSpaces()
            // An amount the customer says they want ("I'd like the £380 for those two rooms back") may have what
            // it paid for between it and "back".
            let reach = wantedBefore(amount, in: text) ? 6 : 3
            return next.prefix(reach).contains { backWords.contains(String($0)) }
                || next.first.map { returnedWords.contains(String($0)) } ?? false
                || wantedBackBefore(amount, in: text)
        }.map(\.money)
    }

    /// Whether the amount follows what is wanted back, named after it ("I want the difference back, £430").
    static func wantedBackBefore(_ amount: (money: CommonV1.Money, end: String.Index), in text: String) -> Bool {
        var words = PhraseMatcher.normalize(String(text[..<amount.end])).splitOnSpaces()
        while let last = words.last, last.allSatisfy(\.isNumber) || currencies[String(last)] != nil { words.removeLast() }
        guard let last = words.last, backWords.contains(String(last)) else { return false }
        let before = words.dropLast().suffix(5)
        guard let want = before.lastIndex(where: { wantingBack.contains(String($0)) }) else { return false }
        // What is wanted back, not a way of going or giving ("I need to pay the overdraft back, £400 by Friday", "Ich
        // möchte nach Berlin zurück, 280 €").
        return !before[(want + 1)...].contains { notWantedBack.contains(String($0)) }
    }

    /// Words between a want and "back" that make it something other than money wanted back.
    static let notWantedBack: Set<String> = [
        "to", "pay", "send", "go", "fly", "give", "bring", "take", "move", "come", "get", "put", "nach", "zu",
    ]

    /// Verbs of wanting before what is wanted back and its amount, in the languages that say "back" after it.
    static let wantingBack: Set<String> = wanting.union(["mochte", "mochten", "veux", "voudrais", "voulons"])

    /// Whether the two words before an amount say the customer wants it ("like the £380", "want our 600 euros").
    static func wantedBefore(_ amount: (money: CommonV1.Money, end: String.Index), in text: String) -> Bool {
        // Only the amount's end is kept: its digits and currency name are the last words up to it.
        var words = PhraseMatcher.normalize(String(text[..<amount.end])).splitOnSpaces()
        while let last = words.last, last.allSatisfy(\.isNumber) || currencies[String(last)] != nil { words.removeLast() }
        guard words.count >= 2 else { return false }
        return wanting.contains(String(words[words.count - 2])) && determiners.contains(String(words[words.count - 1]))
    }

    /// Verbs of wanting before an amount wanted back.
    static let wanting: Set<String> = ["like", "want", "need", "expect"]

    /// Determiners between such a verb and the amount.
    static let determiners: Set<String> = ["the", "my", "our", "that", "those"]

    /// Words after an amount that ask for it back.
    static let backWords: Set<String> = ["back", "zuruck", "retour"]

    /// Participles right after an amount that ask for it back ("I'd like that £310 returned please"); further on
    /// they tell of something else ("I paid £310 and returned the item").
    static let returnedWords: Set<String> = ["returned", "refunded", "reimbursed", "repaid", "devuelto", "devueltos",
                                             "rembourse", "rembourses", "erstattet", "zuruckerstattet"]

    static func amounts(in text: String) -> [(money: CommonV1.Money, end: String.Index)] {
        let written: [(money: CommonV1.Money, end: String.Index)] = mentions(in: text).compactMap { mention in
            let preceding = PhraseMatcher.normalize(String(text[..<mention.start]))
            // "Adds up to £412.50" is a total, not a bound.
            guard !bounds.contains(where: { preceding.hasSuffix(" \($0) ") })
                    || totals.contains(where: { preceding.hasSuffix(" \($0) ") }) else { return nil }
            guard let currency = currencies[mention.marker], let minor = minorUnits(mention.digits) else { return nil }
            return (.with { $0.currencyCode = currency; $0.amountMinor = minor }, mention.end)
        }
        return written + spelled(in: text)
    }

    /// English amounts in words before a currency name: "three hundred and
    /// forty dollars", "two thousand three hundred pounds". Most messages
    /// have no number word and cost one pass over their words.
    static func spelled(in text: String) -> [(money: CommonV1.Money, end: String.Index)] {
        let normalized = PhraseMatcher.normalize(text)
        let words = normalized.splitOnSpaces()
        guard words.contains(where: { numberWords[String($0)] != nil }) else { return [] }
        var found: [(money: CommonV1.Money, end: String.Index)] = []
        var total = 0, group = 0, counted = false
        for word in words.map(String.init) {
            if let value = numberWords[word] {
                switch value {
                case 100: group = max(1, group) * 100
                case 1000: total += max(1, group) * 1000; group = 0
                default: group += value
                }
                counted = true
            } else if counted, ["and", "a", "y", "et", "und"].contains(word) {
                continue
            } else {
                if counted, let currency = currencies[word] ?? spokenCurrencies[word] {
                    // Spoken amounts carry no position in the original text; the end of the text stands for it.
                    found.append((.with { $0.currencyCode = currency; $0.amountMinor = Int64(total + group) * 100 }, text.endIndex))
                }
                total = 0; group = 0; counted = false
            }
        }
        return found
    }

    /// English number words and their values (100 and 1000 multiply).
    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
        // Spanish, French and German, as voice transcripts write them ("son trescientos euros", "trois cents euros",
        // "dreihundert Euro").
        "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
        "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
        "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
        "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500,
        "seiscientos": 600, "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800,
        "ochocientas": 800, "novecientos": 900, "novecientas": 900, "mil": 1000,
        "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "vingt": 20,
        "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
        "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
        "zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50, "hundert": 100, "tausend": 1000,
        "einhundert": 100, "zweihundert": 200, "dreihundert": 300, "vierhundert": 400, "funfhundert": 500,
        "sechshundert": 600, "siebenhundert": 700, "achthundert": 800, "neunhundert": 900, "eintausend": 1000,
        "zweitausend": 2000, "dreitausend": 3000,
    ]

    /// Currency names said aloud that are not written after digits.
    static let spokenCurrencies = ["quid": "GBP", "bucks": "USD"]

    /// A symbol then digits ("€ 300", "$480.00"), or digits then a symbol
    /// or a currency name as a whole word ("180 €", "1.299,00 euros"), with
    /// at most one space between; scanned by hand (a Swift `Regex` cost
    /// hundreds of microseconds per message).
    static func mentions(in text: String) -> [(start: String.Index, end: String.Index, marker: String, digits: String)] {
        let scalars = text.unicodeScalars
        // ASCII answered from its value: looking up a scalar's Unicode properties was most of a long message's scan.
        func isDigit(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.generalCategory == .decimalNumber
        }
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? (0x61...0x7A).contains(scalar.value | 0x20) : scalar.properties.isAlphabetic
        }
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            isLetter(scalar) || isDigit(scalar) || scalar == "_"
        }
        /// The digits-and-separators run from `index`, thousands grouped by a space or an apostrophe included
        /// ("1 180 €", "12 500 euros", "1'200 Franken"; ``groupMarks``): a group of one to three digits, the mark, then
        /// exactly three digits. A point or comma belongs to it only with a digit after it: "order 7781-330, £64"
        /// ends the number at its comma, and the pound sign after it is the next amount's.
        func run(from index: String.Index) -> String.Index {
            var end = index
            var group = 0
            while end != scalars.endIndex {
                if isDigit(scalars[end]) {
                    group += 1
                } else if scalars[end] == "." || scalars[end] == ",",
                          case let next = scalars.index(after: end), next != scalars.endIndex, isDigit(scalars[next]) {
                    group = 0
                } else if Self.groupMarks.contains(scalars[end]), (1...3).contains(group),
                          case let next = scalars.index(after: end),
                          let after = scalars.index(next, offsetBy: 3, limitedBy: scalars.endIndex),
                          scalars[next..<after].allSatisfy(isDigit),
                          after == scalars.endIndex || !isDigit(scalars[after]) {
                    group = 0
                } else {
                    break
                }
                scalars.formIndex(after: &end)
            }
            return end
        }
        func skipOneSpace(_ index: String.Index) -> String.Index {
            guard index != scalars.endIndex else { return index }
            let scalar = scalars[index]
            let isWhitespace = scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
            return isWhitespace ? scalars.index(after: index) : index
        }
        var found: [(start: String.Index, end: String.Index, marker: String, digits: String)] = []
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            // A currency code before the amount ("USD 1,188.00", "EUR 300"), as a word of its own.
            if isLetter(scalar), index == scalars.startIndex || !isWordCharacter(scalars[scalars.index(before: index)]),
               let codeEnd = scalars.index(index, offsetBy: 3, limitedBy: scalars.endIndex),
               codeEnd == scalars.endIndex || !isWordCharacter(scalars[codeEnd]) || isDigit(scalars[codeEnd]),
               case let code = String(String.UnicodeScalarView(scalars[index..<codeEnd])).lowercased(), codes.contains(code) {
                let digitsStart = skipOneSpace(codeEnd)
                if digitsStart != scalars.endIndex, isDigit(scalars[digitsStart]) {
                    let end = run(from: digitsStart)
                    found.append((index, end, code, String(scalars[digitsStart..<end])))
                    index = end
                    continue
                }
            }
            if scalar == "€" || scalar == "$" || scalar == "£" {
                let digitsStart = skipOneSpace(scalars.index(after: index))
                if digitsStart != scalars.endIndex, isDigit(scalars[digitsStart]) {
                    let end = run(from: digitsStart)
                    found.append((index, end, String(scalar), String(scalars[digitsStart..<end])))
                    index = end
                    continue
                }
            } else if isDigit(scalar) {
                let end = run(from: index)
                let markerStart = skipOneSpace(end)
                if markerStart != scalars.endIndex, scalars[markerStart] == "€" || scalars[markerStart] == "£" {
                    found.append((index, scalars.index(after: markerStart), String(scalars[markerStart]),
                                  String(scalars[index..<end])))
                } else if markerStart != scalars.endIndex, scalars[markerStart] == "$" {
                    // French puts the dollar after the amount, Canada's with "CA" ("520 $ CA", "520 $CA").
                    let afterSign = scalars.index(after: markerStart)
                    let code = skipOneSpace(afterSign)
                    let canadian = scalars[code...].prefix(2).map { String($0).uppercased() }.joined() == "CA"
                        && (scalars.index(code, offsetBy: 2, limitedBy: scalars.endIndex).map { $0 == scalars.endIndex
                            || !isWordCharacter(scalars[$0]) || scalars[$0] == "D" || scalars[$0] == "d" } ?? false)
                    found.append((index, canadian ? scalars.index(code, offsetBy: 2) : afterSign, canadian ? "cad" : "$",
                                  String(scalars[index..<end])))
                } else if let name = currencyNames.first(where: { name in
                    let tail = scalars[markerStart...]
                    guard tail.count >= name.unicodeScalars.count,
                          zip(tail, name.unicodeScalars).allSatisfy({ String($0).lowercased() == String($1) }) else { return false }
                    let after = scalars.index(markerStart, offsetBy: name.unicodeScalars.count)
                    return after == scalars.endIndex || !isWordCharacter(scalars[after])
                }) {
                    found.append((index, scalars.index(markerStart, offsetBy: name.unicodeScalars.count), name,
                                  String(scalars[index..<end])))
                }
                index = end
                continue
            }
            scalars.formIndex(after: &index)
        }
        return found
    }

    /// What groups thousands: a plain, no-break, narrow no-break or thin
    /// space, or the Swiss apostrophe ("1'200 Franken", "CHF 1’200").
    static let groupMarks: Set<Unicode.Scalar> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "'", "\u{2019}"]

    /// ISO codes written before an amount.
    static let codes: Set<String> = ["usd", "eur", "gbp", "chf", "cad", "aud"]

    /// Currency names after an amount, longest first where one is a prefix of another.
    static let currencyNames = ["euros", "euro", "eur", "usd", "dollars", "dollar", "gbp", "pounds", "pound", "chf", "francs",
                                "franc", "franken", "cad", "aud", "dólares", "dolares", "dólar", "dolar"]

    /// Words before "up to" that make the amount a sum.
    static let totals = ["adds up to", "add up to", "added up to", "adding up to", "comes up to"]

    static let bounds = [
        "over", "above", "under", "below", "more than", "less than", "up to", "mas de", "menos de", "hasta",
        "plus de", "moins de", "jusqu'a", "uber", "unter", "mehr als", "weniger als", "bis zu",
    ]

    static let currencies = [
        "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "usd": "USD", "dollar": "USD",
        "dollars": "USD", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
        // Swiss francs ("749 francs", "CHF 749", "749 Franken"), Canadian and Australian dollars by their codes.
        "chf": "CHF", "franc": "CHF", "francs": "CHF", "franken": "CHF", "cad": "CAD", "aud": "AUD",
        // Spanish names ("360 dólares").
        "dólares": "USD", "dolares": "USD", "dólar": "USD", "dolar": "USD",
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
