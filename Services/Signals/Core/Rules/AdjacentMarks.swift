/// Which pairs of "!" and "?" stand side by side in a text, found in one
/// pass over its bytes: the behaviour rules ask several of them of every
/// scored message (Foundation's substring search cost more than the rest of
/// those rules, and a list of pairs per question an allocation each).
struct AdjacentMarks: OptionSet {
    let rawValue: UInt8

    /// "?!"
    static let questionExclamation = AdjacentMarks(rawValue: 1 << 0)
    /// "!?"
    static let exclamationQuestion = AdjacentMarks(rawValue: 1 << 1)
    /// "??"
    static let doubleQuestion = AdjacentMarks(rawValue: 1 << 2)
    /// "!!"
    static let doubleExclamation = AdjacentMarks(rawValue: 1 << 3)

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The pairs that occur in `text`.
    init(in text: String) {
        var found: AdjacentMarks = []
        var previous: UInt8 = 0
        for byte in text.utf8 {
            // Most bytes are neither mark.
            guard byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") else {
                previous = byte
                continue
            }
            switch (previous, byte) {
            case (UInt8(ascii: "?"), UInt8(ascii: "!")): found.insert(.questionExclamation)
            case (UInt8(ascii: "!"), UInt8(ascii: "?")): found.insert(.exclamationQuestion)
            case (UInt8(ascii: "?"), UInt8(ascii: "?")): found.insert(.doubleQuestion)
            case (UInt8(ascii: "!"), UInt8(ascii: "!")): found.insert(.doubleExclamation)
            default: break
            }
            previous = byte
        }
        self = found
    }
}
