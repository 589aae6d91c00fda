extension Redactor {
    /// Phone numbers among the number runs. A run is a phone number when
    /// it is no reference (see `NumberContext.isReference`), no amount and
    /// no date, and one of:
    /// - "+" and 8 to 15 digits (16 with a "(0)" trunk digit);
    /// - "00", a country code and 11 to 17 digits in all, grouped;
    /// - a national number with its trunk 0 (UK, FR, DE): 9 to 12 digits
    ///   in two or more groups; contiguous only for mobile ranges (UK 07
    ///   with 11 digits, FR 06 and 07 with 10, DE 015 to 017 with 10 to 12);
    /// - US: 10 digits as 3-3-4 (area code and exchange starting 2 to 9),
    ///   or 11 as 1-3-3-4;
    /// - ES: 9 digits starting 6 to 9 as 3-3-3, 3-2-2-2 or 2-3-2-2, or
    ///   contiguous for mobiles (6 and 7);
    /// - any of 7 to 15 digits after a word that announces a phone number.
    func phones(in text: ScanText, runs: [NumberRun]) -> [Candidate] {
        runs.compactMap { run in isPhoneRun(run, in: text) ? Candidate(.phone, run.range) : nil }
    }

    /// True when `run` is a phone number (see `phones(in:runs:)`).
    func isPhoneRun(_ run: NumberRun, in text: ScanText) -> Bool {
        !run.context.isReference && !isDate(run) && !isAmount(run, in: text) && isPhone(run, context: run.context)
    }

    /// The shapes listed on `phones(in:runs:)`.
    func isPhone(_ run: NumberRun, context: NumberContext) -> Bool {
        let digits = run.digits
        let count = digits.count
        let grouped = run.groups.count > 1
        if run.plus {
            let trunk = run.separators.contains(0x28) && run.groups.contains(1)
            return digits[0] != 0 && (8...(trunk ? 16 : 15)).contains(count)
        }
        if context.announcesPhone, (7...15).contains(count) { return true }
        if count >= 3, digits[0] == 0, digits[1] == 0 {
            return digits[2] != 0 && (11...17).contains(count) && grouped
        }
        if count >= 2, digits[0] == 0, digits[1] != 0 {
            if grouped { return (9...12).contains(count) }
            switch (digits[1], count) {
            case (7, 11): return true
            case (6, 10), (7, 10): return true
            case (1, 10...12): return (5...7).contains(digits[2])
            default: return false
            }
        }
        let usSeparators: SeparatorSet = [0x20, 0x2D, 0x2E, 0x28, 0x29]
        if count == 10, run.grouped(3, 3, 4), run.separated(by: usSeparators) {
            return digits[0] >= 2 && digits[3] >= 2
        }
        if count == 11, run.grouped(1, 3, 3, 4), run.separated(by: usSeparators) {
            return digits[0] == 1 && digits[1] >= 2 && digits[4] >= 2
        }
        if count == 9, digits[0] >= 6, run.separated(by: [0x20, 0x2D, 0x2E]) {
            if run.grouped(3, 3, 3) || run.grouped(3, 2, 2, 2) || run.grouped(2, 3, 2, 2) { return true }
            return run.groups.count == 1 && (digits[0] == 6 || digits[0] == 7)
        }
        return false
    }

    /// True for a run shaped like a date: three groups split by / . or -
    /// as day, month, year (1-2, 1-2, 2 or 4 digits) or year, month, day.
    func isDate(_ run: NumberRun) -> Bool {
        guard run.groups.count == 3, run.separated(by: [0x2F, 0x2E, 0x2D]) else { return false }
        let (first, second, third) = (run.groups[0], run.groups[1], run.groups[2])
        return ((1...2).contains(first) && (1...2).contains(second) && (third == 2 || third == 4))
            || (first == 4 && (1...2).contains(second) && (1...2).contains(third))
    }

    /// True when a currency symbol or code is next to the run ("€ 612 345
    /// 678", "612 345 678 EUR").
    func isAmount(_ run: NumberRun, in text: ScanText) -> Bool {
        func isSymbol(_ unit: UInt16) -> Bool { unit == 0x24 || unit == 0xA3 || unit == 0xA5 || unit == 0x20AC }
        var before = run.range.lowerBound - 1
        if text[before] == 0x20 { before -= 1 }
        var after = run.range.upperBound
        if text[after] == 0x20 { after += 1 }
        if isSymbol(text[before]) || isSymbol(text[after]) { return true }
        for code in Self.currencyWords where text.matches(code, at: after) && text.endsWord(after + code.count) {
            return true
        }
        return false
    }

    /// Currency codes and names that follow amounts, lower case.
    static let currencyWords: [[UInt16]] = [
        "eur", "euro", "euros", "usd", "dollar", "dollars", "dólares", "gbp", "pounds", "libras", "chf", "francs",
    ].map { Array(utf16: $0) }
}
