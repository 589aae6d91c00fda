/// A text as UTF-16 code units with the character tests the detectors
/// share. Detectors scan code units by hand, each position a bounded number
/// of times, so that no input makes them slow (no backtracking).
struct ScanText {
    /// The code units.
    let units: [UInt16]

    /// Wraps `text`.
    init(_ text: String) {
        units = Array(text.utf16)
    }

    /// Number of code units.
    var count: Int { units.count }

    /// The unit at `index`, or 0 outside the text, so that look-arounds
    /// need no bounds checks.
    subscript(_ index: Int) -> UInt16 {
        index >= 0 && index < units.count ? units[index] : 0
    }

    /// The text of `range`.
    func string(_ range: Range<Int>) -> String {
        String(decoding: units[range], as: UTF16.self)
    }

    /// True for an ASCII digit at `index`.
    func isDigit(_ index: Int) -> Bool { Self.isDigit(self[index]) }

    /// True for an ASCII upper-case letter at `index`.
    func isUpper(_ index: Int) -> Bool { Self.isUpper(self[index]) }

    /// True for a letter (any script in the Basic Multilingual Plane) at
    /// `index`.
    func isLetter(_ index: Int) -> Bool { Self.isLetter(self[index]) }

    /// True for a letter or an ASCII digit at `index`.
    func isAlphanumeric(_ index: Int) -> Bool { isDigit(index) || isLetter(index) }

    /// The value of the ASCII digit at `index`, nil for anything else.
    func digit(_ index: Int) -> Int? { isDigit(index) ? Int(self[index]) - 48 : nil }

    /// True when `index` starts a word: the unit before it is no letter or
    /// digit.
    func startsWord(_ index: Int) -> Bool { !isAlphanumeric(index - 1) }

    /// True when a word ending before `index` ends there: the unit at
    /// `index` is no letter or digit.
    func endsWord(_ index: Int) -> Bool { !isAlphanumeric(index) }

    /// True when `phrase` (lower case) is at `index`, comparing ASCII and
    /// Latin-1 letters without case.
    func matches(_ phrase: [UInt16], at index: Int) -> Bool {
        guard index >= 0, index + phrase.count <= units.count else { return false }
        for offset in 0..<phrase.count where Self.lowercased(units[index + offset]) != phrase[offset] {
            return false
        }
        return true
    }

    /// `unit` in lower case for ASCII and Latin-1 letters, else unchanged.
    static func lowercased(_ unit: UInt16) -> UInt16 {
        switch unit {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE: unit + 0x20
        default: unit
        }
    }

    /// True for an ASCII digit.
    static func isDigit(_ unit: UInt16) -> Bool { unit >= 0x30 && unit <= 0x39 }

    /// True for an ASCII upper-case letter.
    static func isUpper(_ unit: UInt16) -> Bool { unit >= 0x41 && unit <= 0x5A }

    /// True for a letter of the Basic Multilingual Plane. Surrogates (emoji,
    /// rarer scripts) count as no letter, so that no span starts or ends
    /// inside a surrogate pair.
    static func isLetter(_ unit: UInt16) -> Bool {
        if unit < 0x80 { return (unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7A }
        guard unit < 0xD800 || unit > 0xDFFF, let scalar = Unicode.Scalar(unit) else { return false }
        return scalar.properties.isAlphabetic
    }
}

extension Array where Element == UInt16 {
    /// The UTF-16 code units of `text`, for phrase tables.
    init(utf16 text: String) { self = Array(text.utf16) }
}
