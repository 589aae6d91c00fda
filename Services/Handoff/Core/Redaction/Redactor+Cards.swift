extension Redactor {
    /// Card numbers: 13 to 19 digits starting 2 to 6 (the major networks'
    /// ranges), contiguous or in groups of three or more split by spaces
    /// or by dashes (one kind), passing Luhn. Masked even after "order"
    /// (see the type's documentation), but not after the name of a product
    /// or device code that also uses Luhn or looks like it (IMEI, EAN).
    func cards(in text: ScanText, runs: [NumberRun]) -> [Candidate] {
        var found: [Candidate] = []
        for run in runs where !run.plus && !run.context.contains(any: Self.productCodeWords) {
            if isWholeCard(run), let card = card(run.digits, run.range) {
                found.append(card)
            } else if run.groups.count > 1 {
                found += cardsInside(run, in: text)
            }
        }
        return found + cardSecurityCodes(in: text, runs: runs)
    }

    /// Cards among consecutive groups of a longer run, where a card number
    /// runs into an expiry date, a code or another number ("4111 1111 1111
    /// 1111 12/27"): windows of one to five groups, longest first, that
    /// would be a card on their own.
    func cardsInside(_ run: NumberRun, in text: ScanText) -> [Candidate] {
        var found: [Candidate] = []
        var first = 0
        while first < run.groups.count {
            var matched = false
            for last in stride(from: min(first + 4, run.groups.count - 1), through: first, by: -1) {
                let sizes = run.groups[first...last]
                guard (13...19).contains(sizes.reduce(0, +)),
                      first == last || (sizes.allSatisfy { $0 >= 3 } && Set(run.gaps[first..<last]).count == 1
                                        && (run.gaps[first] == [0x20] || run.gaps[first] == [0x2D]))
                else { continue }
                let range = run.groupRanges[first].lowerBound..<run.groupRanges[last].upperBound
                let digits = range.compactMap { text.digit($0) }
                if let card = card(digits, range) {
                    found.append(card)
                    first = last + 1
                    matched = true
                    break
                }
            }
            if !matched { first += 1 }
        }
        return found
    }

    /// True when the whole run is a card number: 13 to 19 digits,
    /// contiguous or in groups of three or more split by one kind of
    /// separator (space or dash), starting 2 to 6, passing Luhn.
    func isWholeCard(_ run: NumberRun) -> Bool {
        let uniform = run.separators.isEmpty || run.separators == [0x20] || run.separators == [0x2D]
        return !run.plus && (13...19).contains(run.digits.count) && uniform
            && (run.groups.count == 1 || run.groups.allSatisfy { $0 >= 3 }) && (2...6).contains(run.digits[0])
            && Checksum.luhn(run.digits)
    }

    /// True when the run is three or four digits announced as a card
    /// security code.
    func isSecurityCode(_ run: NumberRun) -> Bool {
        !run.plus && run.groups.count == 1 && (3...4).contains(run.digits.count) && run.context.contains(any: Self.securityCodeWords)
    }

    /// A card candidate for `digits` at `range` when they start 2 to 6 and
    /// pass Luhn.
    func card(_ digits: [Int], _ range: Range<Int>) -> Candidate? {
        guard (2...6).contains(digits[0]), Checksum.luhn(digits) else { return nil }
        let last = digits.suffix(4).map(String.init).joined()
        return Candidate(.card, range, placeholder: "[card ••••\(last)]")
    }

    /// Card security codes: three or four digits right after "CVV", "CVC",
    /// "security code", "código de seguridad", "cryptogramme",
    /// "Prüfnummer" and the like. PCI DSS forbids keeping them at all, so
    /// they are masked wherever they are announced.
    func cardSecurityCodes(in text: ScanText, runs: [NumberRun]) -> [Candidate] {
        runs.compactMap { run in
            isSecurityCode(run) ? Candidate(.card, run.range, placeholder: "[card code]") : nil
        }
    }

    /// Words before product and device codes that use Luhn or look like
    /// card numbers but are none (IMEI, EAN, SKU).
    static let productCodeWords: Set<String> = [
        "imei", "ean", "gtin", "upc", "isbn", "barcode", "serial", "sku", "item", "article", "artículo", "artikel",
        "product", "producto", "produit", "produkt", "model", "modelo", "modèle",
    ]

    /// Words before a card security code.
    static let securityCodeWords: Set<String> = [
        "cvv", "cvc", "cvv2", "cvc2", "csc", "cid", "security", "seguridad", "cryptogramme", "visuel",
        "prüfnummer", "kartenprüfnummer", "sicherheitscode",
    ]
}
