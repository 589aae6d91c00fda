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
        for token in candidates(text) {
            let trimmed = token.trimmingCharacters(in: trimmable)
            guard trimmed.count >= 3, !isReference(trimmed) else { continue }
            let pattern = Self.pattern(Substring(trimmed))
            // A swear word may start a longer one ("sh1tshow", "f*ckwits"); not one masked from its first letter,
            // whose mask would stand for the whole swear word ("(#blessed)").
            let startsLetter = pattern.first != "*"
            if roots.contains(where: { matches(pattern[...], $0[...])
                || (startsLetter && $0.count >= 4 && matches(pattern[...], $0[...], prefix: true)) }) {
                found.append(trimmed)
            }
        }
        return found
    }

    /// The space-separated tokens with a letter and, inside them, a masking
    /// character or a digit: found on the bytes (a non-ASCII byte counts as
    /// a letter), so the usual message costs one pass and no allocation.
    static func candidates(_ text: String) -> [Substring] {
        var found: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        var letter = false
        var maskInside = false
        var previous: UInt8 = 0x20
        // A "*" or "#" in the token: without one no tail is masked, and the token is not read backwards.
        var starOrHash = false
        func flush(_ end: String.UTF8View.Index) {
            // Or a letter and the rest masked: "es una p*** vergüenza", "f***", "So ein Sch***," (punctuation after).
            let maskedTail = letter && starOrHash && utf8[start..<end].reversed().drop { trailing.contains($0) }
                .prefix { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "#") }.count >= 2
            if letter && (maskInside || maskedTail) { found.append(Substring(utf8[start..<end])) }
        }
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                flush(index)
                start = utf8.index(after: index)
                letter = false
                maskInside = false
                starOrHash = false
                previous = byte
            } else {
                if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "#") { starOrHash = true }
                if byte >= 0x80 || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) {
                    letter = true
                    // A mask byte counts once a letter follows it, so "f***ing" and "sh1t" qualify, "E-4012" not.
                    if maskBytes.contains(previous) && start != utf8.index(before: index) { maskInside = true }
                }
                previous = byte
            }
            utf8.formIndex(after: &index)
        }
        flush(utf8.endIndex)
        return found
    }

    /// Whether a token is a reference ("#SN-552013", "AB-3105"), not a word
    /// in disguise: it has a digit that looks like no letter, or three
    /// digits in a row. A disguised word has a look-alike digit or two
    /// ("bullsh1t", "Sch31ße").
    static func isReference(_ token: String) -> Bool {
        var run = 0
        for byte in token.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { run = 0; continue }
            run += 1
            if run >= 3 || !maskBytes.contains(byte) { return true }
        }
        return false
    }

    /// Punctuation that may follow a masked word.
    static let trailing = Set(".,;:!?\")'\"".utf8)

    /// Bytes that stand for a hidden or look-alike letter.
    static let maskBytes = Set("*#%_1!|3045@$7".utf8)

    /// Characters that end or start a token without being part of the word.
    static let trimmable = CharacterSet(charactersIn: ".,;:!?\"'()[]{}«»“”„‘’-")

    /// The token lower-cased and folded, with look-alike digits and symbols
    /// read as letters; `*` for a masked run.
    static func pattern(_ token: Substring) -> [Character] {
        var out: [Character] = []
        for scalar in token.lowercased().unicodeScalars {
            let letters = PhraseMatcher.fold(scalar).map(Character.init)
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

    /// Whether `pattern` spells `word` (with `prefix`, begins with it), a
    /// `*` standing for one or more letters.
    static func matches(_ pattern: ArraySlice<Character>, _ word: ArraySlice<Character>, prefix: Bool = false) -> Bool {
        guard let first = pattern.first else { return word.isEmpty }
        if prefix && word.isEmpty { return true }
        if first == "*" {
            guard !word.isEmpty else { return prefix }
            return (1...word.count).contains { matches(pattern.dropFirst(), word.dropFirst($0), prefix: prefix) }
        }
        return word.first == first && matches(pattern.dropFirst(), word.dropFirst(), prefix: prefix)
    }

    static let roots: [[Character]] = Lexicons.profanity.map { Array($0) }
}
