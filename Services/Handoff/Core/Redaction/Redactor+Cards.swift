extension Redactor {
    /// Card numbers: 13 to 19 digits starting 2 to 6 (the major networks'
    /// ranges), contiguous or in groups of three or more split by spaces
    /// or by dashes (one kind), passing Luhn. Masked even after "order"
    /// (see the type's documentation), but not after the name of a product
    /// or device code that also uses Luhn or looks like it (IMEI, EAN).
    func cards(in text: ScanText, runs: [NumberRun]) -> [Candidate] {
        let productCodes: Set<String> = ["imei", "ean", "gtin", "upc", "isbn", "barcode", "serial"]
        return runs.compactMap { run in
            guard !run.plus, !text.context(before: run.range.lowerBound).contains(any: productCodes), (13...19).contains(run.digits.count), (2...6).contains(run.digits[0]),
                  run.separators.isEmpty || run.separators == [0x20] || run.separators == [0x2D],
                  run.groups.count == 1 || run.groups.allSatisfy({ $0 >= 3 }),
                  Checksum.luhn(run.digits)
            else { return nil }
            let last = run.digits.suffix(4).map(String.init).joined()
            return Candidate(.card, run.range, placeholder: "[card ••••\(last)]")
        }
    }
}
