/// A word, number or punctuation mark of a text, for the address rules,
/// which read words rather than characters.
struct WordToken: Sendable, Hashable {
    /// What the token holds.
    enum Kind: Sendable, Hashable {
        /// Letters only.
        case word
        /// ASCII digits only.
        case number
        /// Letters and digits ("221B", "SW1A", "3º").
        case mixed
        /// One character that is neither a letter, a digit nor a space.
        case punctuation
    }

    /// Where it is, in UTF-16 offsets.
    var range: Range<Int>
    /// Its kind.
    var kind: Kind
    /// Its text.
    var text: String
    /// Its text in lower case.
    var lower: String
    /// True when a line break separates it from the token before.
    var startsLine: Bool
    /// True for a word starting with a capital letter.
    var isCapitalized: Bool

    /// True for punctuation `character`.
    func isPunctuation(_ character: Character) -> Bool { kind == .punctuation && text.first == character }

    /// The tokens of `text`, each code unit looked at once.
    static func all(in text: ScanText) -> [WordToken] {
        var tokens: [WordToken] = []
        var index = 0
        var lineBreak = false
        while index < text.count {
            let unit = text[index]
            if text.isAlphanumeric(index) {
                var end = index
                var letters = false
                var digits = false
                while text.isAlphanumeric(end) {
                    if text.isDigit(end) { digits = true } else { letters = true }
                    end += 1
                }
                let kind: Kind = digits ? (letters ? .mixed : .number) : .word
                let string = text.string(index..<end)
                // Most tokens are lower case or digits already: they skip
                // `lowercased()` and its Unicode pass.
                let hasCapital = text.units[index..<end].contains { $0 >= 0x80 || ScanText.isUpper($0) }
                let first = unit < 0x80 ? ScanText.isUpper(unit) : (Unicode.Scalar(unit)?.properties.isUppercase ?? false)
                tokens.append(WordToken(range: index..<end, kind: kind, text: string,
                                        lower: hasCapital ? string.lowercased() : string,
                                        startsLine: lineBreak, isCapitalized: kind == .word && first))
                lineBreak = false
                index = end
            } else if unit == 0x20 || unit == 0x09 || unit == 0xA0 {
                index += 1
            } else if unit == 0x0A || unit == 0x0D {
                lineBreak = true
                index += 1
            } else {
                let string = text.string(index..<(index + 1))
                tokens.append(WordToken(range: index..<(index + 1), kind: .punctuation, text: string, lower: string,
                                        startsLine: lineBreak, isCapitalized: false))
                lineBreak = false
                index += 1
            }
        }
        return tokens
    }
}
