/// A set of scalars for one position of a regular expression: ranges,
/// Unicode general categories, optionally negated and case-folded.
struct CELRegexCharacterSet: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var categories: [Unicode.GeneralCategory] = []
    /// Sets nested with their own negation (`[\D]`, `[[:^alpha:]]`, `[\P{L}]`).
    var nested: [CELRegexCharacterSet] = []
    var negated = false
    var fold = false

    func contains(_ c: Unicode.Scalar) -> Bool {
        var found = rawContains(c)
        if !found, fold {
            let lower = Self.fold(c.value)
            if let l = Unicode.Scalar(lower), rawContains(l) { found = true }
            if !found, let u = Self.upper(c), rawContains(u) { found = true }
        }
        return found != negated
    }

    private func rawContains(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        for range in ranges where range.contains(v) { return true }
        if !categories.isEmpty, categories.contains(c.properties.generalCategory) { return true }
        for set in nested where set.contains(c) { return true }
        return false
    }

    /// Simple case folding: the scalar's lowercase mapping when it is one scalar.
    static func fold(_ value: UInt32) -> UInt32 {
        guard let c = Unicode.Scalar(value) else { return value }
        if c.isASCII {
            return (0x41...0x5A).contains(value) ? value + 0x20 : value
        }
        let lower = c.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first!.value : value
    }

    static func upper(_ c: Unicode.Scalar) -> Unicode.Scalar? {
        let upper = c.properties.uppercaseMapping.unicodeScalars
        return upper.count == 1 ? upper.first : nil
    }

    /// RE2's `\w`: ASCII letters, digits and underscore.
    static func isWord(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || v == 0x5F
    }

    static let digit = CELRegexCharacterSet(ranges: [0x30...0x39])
    static let word = CELRegexCharacterSet(ranges: [0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F...0x5F])
    static let space = CELRegexCharacterSet(ranges: [0x09...0x0A, 0x0C...0x0D, 0x20...0x20])

    /// The POSIX class `[:name:]`, or nil.
    static func posix(_ name: String) -> CELRegexCharacterSet? {
        let ranges: [ClosedRange<UInt32>]
        switch name {
        case "alnum": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": ranges = [0x41...0x5A, 0x61...0x7A]
        case "ascii": ranges = [0x00...0x7F]
        case "blank": ranges = [0x09...0x09, 0x20...0x20]
        case "cntrl": ranges = [0x00...0x1F, 0x7F...0x7F]
        case "digit": ranges = [0x30...0x39]
        case "graph": ranges = [0x21...0x7E]
        case "lower": ranges = [0x61...0x7A]
        case "print": ranges = [0x20...0x7E]
        case "punct": ranges = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": ranges = [0x09...0x0D, 0x20...0x20]
        case "upper": ranges = [0x41...0x5A]
        case "word": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F...0x5F]
        case "xdigit": ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: return nil
        }
        return CELRegexCharacterSet(ranges: ranges)
    }

    /// The Unicode general category class `\p{name}` (one- or two-letter
    /// names, or `Any`), or nil.
    static func category(_ name: String) -> CELRegexCharacterSet? {
        typealias G = Unicode.GeneralCategory
        let table: [String: [G]] = [
            "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter], "Lm": [.modifierLetter],
            "Lo": [.otherLetter], "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
            "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber], "Pc": [.connectorPunctuation],
            "Pd": [.dashPunctuation], "Ps": [.openPunctuation], "Pe": [.closePunctuation], "Pi": [.initialPunctuation],
            "Pf": [.finalPunctuation], "Po": [.otherPunctuation], "Sm": [.mathSymbol], "Sc": [.currencySymbol],
            "Sk": [.modifierSymbol], "So": [.otherSymbol], "Zs": [.spaceSeparator], "Zl": [.lineSeparator],
            "Zp": [.paragraphSeparator], "Cc": [.control], "Cf": [.format], "Cs": [.surrogate], "Co": [.privateUse],
            "Cn": [.unassigned],
        ]
        if name == "Any" { return CELRegexCharacterSet(ranges: [0...0x10FFFF]) }
        if let categories = table[name] { return CELRegexCharacterSet(categories: categories) }
        if name.count == 1 {
            let all = table.filter { $0.key.hasPrefix(name) }.flatMap(\.value)
            if !all.isEmpty { return CELRegexCharacterSet(categories: all) }
        }
        return nil
    }
}
