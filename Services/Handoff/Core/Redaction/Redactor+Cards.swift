extension Redactor {
    /// Card numbers: 13 to 19 digits starting 2 to 6 (the major networks'
    /// ranges), contiguous or in groups of three or more split by spaces
    /// or by dashes (one kind), passing Luhn. Masked even after "order"
    /// (see the type's documentation), but not after the name of a product
    /// or device code that also uses Luhn or looks like it (IMEI, EAN).
    func cards(in text: ScanText, runs: [NumberRun]) -> [Candidate] {
        runs.compactMap { run in
            guard !run.plus, (13...19).contains(run.digits.count), !run.context.contains(any: Self.productCodeWords), (13...19).contains(run.digits.count), (2...6).contains(run.digits[0]),
                  run.separators.isEmpty || run.separators == [0x20] || run.separators == [0x2D],
                  run.groups.count == 1 || run.groups.allSatisfy({ $0 >= 3 }),
                  Checksum.luhn(run.digits)
            else { return nil }
            let last = run.digits.suffix(4).map(String.init).joined()
            return Candidate(.card, run.range, placeholder: "[card ••••\(last)]")
        } + cardSecurityCodes(in: text, runs: runs)
    }

    /// Card security codes: three or four digits right after "CVV", "CVC",
    /// "security code", "código de seguridad", "cryptogramme",
    /// "Prüfnummer" and the like. PCI DSS forbids keeping them at all, so
    /// they are masked wherever they are announced.
    func cardSecurityCodes(in text: ScanText, runs: [NumberRun]) -> [Candidate] {
        runs.compactMap { run in
            guard !run.plus, run.groups.count == 1, (3...4).contains(run.digits.count),
                  run.context.contains(any: Self.securityCodeWords)
            else { return nil }
            return Candidate(.card, run.range, placeholder: "[card code]")
        }
    }

    /// Words before codes that use Luhn or look like card numbers but are
    /// none (IMEI, EAN).
    static let productCodeWords: Set<String> = ["imei", "ean", "gtin", "upc", "isbn", "barcode", "serial"]

    /// Words before a card security code.
    static let securityCodeWords: Set<String> = [
        "cvv", "cvc", "cvv2", "cvc2", "csc", "cid", "security", "seguridad", "cryptogramme", "visuel",
        "prüfnummer", "kartenprüfnummer", "sicherheitscode",
    ]
}
