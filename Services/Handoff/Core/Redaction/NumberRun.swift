/// A number as people write phone and card numbers: digit groups split by
/// single spaces, dashes, dots or slashes, or by parentheses ("(0)20",
/// "(415) 555-0132"), optionally after "+".
///
/// Runs glued to letters or to other numbers ("INV-2024-00123",
/// "1Z999AA10123456784", "10:30", "1.299,00", "v2.14") are not runs: they
/// are codes, times and amounts, and no detector working on runs sees them.
struct NumberRun: Sendable, Hashable {
    /// Where the run is, from "+" or "(" if it starts with one, to its
    /// last digit.
    var range: Range<Int>
    /// The digits, as values 0 to 9; only the first `maximumDigits` + 1
    /// of a longer run, enough to tell that it is too long.
    var digits: [Int]
    /// Number of digits in each group.
    var groups: [Int]
    /// Where each group's digits are in the text.
    var groupRanges: [Range<Int>] = []
    /// The separators of each gap between two groups (one fewer than
    /// groups).
    var gaps: [SeparatorSet] = []
    /// Separator characters used between groups.
    var separators: SeparatorSet
    /// True when the run starts with "+".
    var plus: Bool
    /// The words before the run, read once for every detector.
    var context = NumberContext(words: [], followsHash: false)

    /// Longer runs are no phone, card or identifier as a whole.
    static let maximumDigits = 24

    /// True when the groups have exactly these sizes.
    func grouped(_ sizes: Int...) -> Bool { groups == sizes }

    /// True when only separators from `allowed` appear.
    func separated(by allowed: SeparatorSet) -> Bool { separators.isSubset(of: allowed) }

    /// The digits as a string.
    var digitString: String { String(decoding: digits.map { UInt8(48 + $0) }, as: UTF8.self) }

    /// Every run in `text`, in order. Each code unit is looked at a bounded
    /// number of times.
    static func all(in text: ScanText) -> [NumberRun] {
        var runs: [NumberRun] = []
        var index = 0
        while index < text.count {
            let unit = text[index]
            let opensWithSign = (unit == 0x2B || unit == 0x28) && text.isDigit(index + 1)
            guard text.isDigit(index) || opensWithSign else {
                index += 1
                continue
            }
            if gluedBefore(index, in: text) {
                index = skipToken(from: index, in: text)
                continue
            }
            var run = NumberRun(range: index..<index, digits: [], groups: [], separators: [], plus: unit == 0x2B)
            var position = opensWithSign ? index + 1 : index
            while true {
                let groupStart = position
                while text.isDigit(position) {
                    if run.digits.count < maximumDigits + 1 { run.digits.append(Int(text[position]) - 48) }
                    position += 1
                }
                run.groups.append(position - groupStart)
                run.groupRanges.append(groupStart..<position)
                guard let separatorLength = separator(at: position, in: text) else { break }
                var gap: SeparatorSet = []
                for offset in 0..<separatorLength { gap.insert(text[position + offset]) }
                run.gaps.append(gap)
                run.separators.formUnion(gap)
                position += separatorLength
            }
            run.range = index..<position
            // A run longer than any number detected whole is kept: a card
            // can still sit inside it ("4111 1111 1111 1111 12/27").
            if gluedAfter(position, in: text) {
                index = skipToken(from: position, in: text)
                continue
            }
            run.context = text.context(before: run.range.lowerBound)
            runs.append(run)
            index = position
        }
        return runs
    }

    /// Length of a separator at `index` that a digit follows, or nil: one
    /// of space - . / alone, or a parenthesis with at most one space or
    /// dash around it (" (", ") ", ")-", ")").
    static func separator(at index: Int, in text: ScanText) -> Int? {
        let unit = text[index]
        if unit == 0x20 || unit == 0x2D || unit == 0x2E || unit == 0x2F, text.isDigit(index + 1) { return 1 }
        if unit == 0x28 || unit == 0x29 {
            if text.isDigit(index + 1) { return 1 }
            if text[index + 1] == 0x20 || text[index + 1] == 0x2D, text.isDigit(index + 2) { return 2 }
        }
        if unit == 0x20, text[index + 1] == 0x28 || text[index + 1] == 0x29, text.isDigit(index + 2) { return 2 }
        return nil
    }

    /// True when the unit before `index` glues the number to something:
    /// a letter or digit ("v2", "1Z9"), or a dash, slash, dot, comma,
    /// colon or underscore with a digit before it ("2024-00123", "10:30"),
    /// or a dash, slash or underscore with a letter before it
    /// ("INV-2024").
    static func gluedBefore(_ index: Int, in text: ScanText) -> Bool {
        let previous = text[index - 1]
        if text.isAlphanumeric(index - 1) { return true }
        if isJoining(previous), text.isDigit(index - 2) { return true }
        if isCodeJoining(previous), text.isLetter(index - 2) { return true }
        return false
    }

    /// True when the unit at `index`, right after a run, glues it to
    /// something: a letter or digit, or a dash, slash, dot, comma, colon
    /// or underscore followed by a digit ("1.299,00", "10:30"), or a dash,
    /// slash or underscore followed by a letter ("2024-INV").
    static func gluedAfter(_ index: Int, in text: ScanText) -> Bool {
        let next = text[index]
        if text.isAlphanumeric(index) { return true }
        if isJoining(next), text.isDigit(index + 1) { return true }
        if isCodeJoining(next), text.isLetter(index + 1) { return true }
        return false
    }

    /// The end of the token of letters, digits and joining punctuation
    /// from `index`, so that the scan does not restart inside a code.
    static func skipToken(from index: Int, in text: ScanText) -> Int {
        var position = index
        while text.isAlphanumeric(position) || (isJoining(text[position]) && text.isAlphanumeric(position + 1)) {
            position += 1
        }
        return max(position, index + 1)
    }

    /// - / . , : _, which join digits into one code, time or amount.
    static func isJoining(_ unit: UInt16) -> Bool {
        unit == 0x2D || unit == 0x2F || unit == 0x2E || unit == 0x2C || unit == 0x3A || unit == 0x5F
    }

    /// - / _, which join letters and digits into one code ("INV-2024").
    static func isCodeJoining(_ unit: UInt16) -> Bool { unit == 0x2D || unit == 0x2F || unit == 0x5F }
}
