import Foundation

/// Swearing masked ("f***ing", "b*llsh*t") or spelled with look-alike
/// digits ("bullsh1t", "Sch31ße"); swearing written out is found by a
/// ``PhraseMatcher`` over ``Lexicons/profanity``. Words are read from the raw
/// text, since the normaliser drops the masking characters: digits and
/// symbols that stand for letters are read as those letters, and a run of
/// asterisks or hashes stands for one or more unknown letters.
enum Profanity {
    /// The masked or disguised swear words in `text`, as written.
    static func masked(in text: String) -> [String] {
        var found: [String] = []
        for token in text.split(whereSeparator: { $0.isWhitespace }) {
            // Only words with a letter and a masking character or digit inside.
            guard token.contains(where: \.isLetter), token.dropFirst().dropLast().contains(where: isMask) else { continue }
            let trimmed = token.trimmingCharacters(in: trimmable)
            guard trimmed.count >= 3 else { continue }
            let pattern = Self.pattern(Substring(trimmed))
            if roots.contains(where: { matches(pattern[...], $0[...]) }) { found.append(trimmed) }
        }
        return found
    }

    static func isMask(_ character: Character) -> Bool {
        "*#%_1!|3045@$7".contains(character)
    }

    /// Characters that end or start a token without being part of the word.
    static let trimmable = CharacterSet(charactersIn: ".,;:!?\"'()[]{}«»“”„‘’-")

    /// The token lower-cased and folded, with look-alike digits and symbols
    /// read as letters; `*` for a masked run.
    static func pattern(_ token: Substring) -> [Character] {
        var out: [Character] = []
        for scalar in token.lowercased().unicodeScalars {
            let letters = scalar == "ß" ? ["s", "s"] : PhraseMatcher.fold(scalar).map(Character.init)
            for letter in letters {
                switch letter {
                case "*", "#", "%", "_": if out.last != "*" { out.append("*") }
                case "1", "!", "|": out.append("i")
                case "3": out.append("e")
                case "0": out.append("o")
                case "4", "@": out.append("a")
                case "5", "$": out.append("s")
                case "7": out.append("t")
                default: out.append(letter)
                }
            }
        }
        return out
    }

    /// Whether `pattern` spells `word`, a `*` standing for one or more letters.
    static func matches(_ pattern: ArraySlice<Character>, _ word: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return word.isEmpty }
        if first == "*" {
            guard !word.isEmpty else { return false }
            return (1...word.count).contains { matches(pattern.dropFirst(), word.dropFirst($0)) }
        }
        return word.first == first && matches(pattern.dropFirst(), word.dropFirst())
    }

    static let roots: [[Character]] = Lexicons.profanity.map { Array($0) }
}
