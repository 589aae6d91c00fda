import Foundation

/// Finds phrases in customer text, case- and accent-insensitively, on word
/// boundaries: "Let me TALK to a person!" matches "talk to a person", and
/// "Hablar con un agente" matches "hablar con un agente".
///
/// Phrases are kept as sequences of word hashes; a text is hashed word by
/// word once (on its UTF-8 bytes) and each position is tried only against
/// the phrases that start with its word, so matching costs about one
/// dictionary lookup per word whatever the number of phrases. A match is
/// confirmed on the words' bytes, so a hash collision cannot make one.
public struct PhraseMatcher: Sendable {
    private let originals: [String]
    /// Per phrase, its normalised words.
    private let phraseWords: [[String]]
    /// Per phrase, the hashes of its words.
    private let phrases: [[UInt64]]
    /// Phrase indexes grouped by their first word, in the order given.
    private let byFirstWord: [Int]
    /// Open-addressing table from the hash of a first word to its group in
    /// ``byFirstWord``, at most half full: every word of every text is looked
    /// up, and most find an empty slot at once, which a Dictionary (hashing
    /// the hash again) made cost more than the rest of matching.
    private let firstWords: [FirstWord]

    /// A slot of ``firstWords``; `count` 0: empty.
    private struct FirstWord: Sendable {
        var hash: UInt64 = 0
        var start: Int32 = 0
        var count: Int32 = 0
    }

    /// Creates a matcher for `phrases`.
    public init(_ phrases: [String]) {
        let words = phrases.map { Self.normalize($0).splitOnSpaces().map(String.init) }
        let hashes = words.map { $0.map { Self.hash($0.utf8) } }
        var groups: [UInt64: [Int]] = [:]
        var order: [UInt64] = []
        for (index, phrase) in hashes.enumerated() {
            guard let first = phrase.first else { continue }
            if groups[first] == nil { order.append(first) }
            groups[first, default: []].append(index)
        }
        var byFirstWord: [Int] = []
        var firstWords = [FirstWord](repeating: FirstWord(), count: 1 << (Int.bitWidth - (order.count * 2 + 1).leadingZeroBitCount))
        for first in order {
            var slot = Self.slot(first, in: firstWords.count)
            while firstWords[slot].count > 0 { slot = (slot + 1) & (firstWords.count - 1) }
            firstWords[slot] = FirstWord(hash: first, start: Int32(byFirstWord.count), count: Int32(groups[first]!.count))
            byFirstWord += groups[first]!
        }
        self.originals = phrases
        self.phraseWords = words
        self.phrases = hashes
        self.byFirstWord = byFirstWord
        self.firstWords = firstWords
    }

    private static func slot(_ hash: UInt64, in size: Int) -> Int {
        // The high bits of the product spread FNV's weak low bits.
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & (size - 1)
    }

    /// The indexes of the phrases whose first word hashes to `hash`.
    private func phrases(startingWith hash: UInt64) -> ArraySlice<Int> {
        var slot = Self.slot(hash, in: firstWords.count)
        while true {
            let entry = firstWords[slot]
            if entry.count == 0 { return [] }
            if entry.hash == hash { return byFirstWord[Int(entry.start)..<Int(entry.start + entry.count)] }
            slot = (slot + 1) & (firstWords.count - 1)
        }
    }

    /// FNV-1a's starting value.
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a's step: `hash` with `byte` folded in.
    @inline(__always)
    static func fnvStep(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// FNV-1a over a word's bytes.
    static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash = fnvOffset
        for byte in bytes { hash = fnvStep(hash, byte) }
        return hash
    }

    /// The words of a normalised text, as ``words(inNormalized:)`` splits
    /// them: each one's byte range in the text and its hash.
    typealias Words = [(range: Range<String.UTF8View.Index>, hash: UInt64)]

    /// The words of a normalised text: their byte ranges and hashes. Read
    /// from the contiguous bytes: stepping `String.UTF8View` indexes checks
    /// each one, and every matcher that reads a text splits it.
    static func words(inNormalized text: String) -> Words {
        let utf8 = text.utf8
        // A native string's storage, not copied. Everything the closure changes is its own: a variable from
        // outside it, changed inside, is checked for exclusive access at run time on every change.
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            var words: Words = []
            words.reserveCapacity(bytes.count / 4 + 1)
            var start = -1
            var hash: UInt64 = 0
            for offset in 0...bytes.count {
                if offset == bytes.count || bytes[offset] == UInt8(ascii: " ") {
                    if start >= 0 {
                        words.append((utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: offset),
                                      hash))
                    }
                    start = -1
                } else {
                    if start < 0 {
                        start = offset
                        hash = fnvOffset
                    }
                    hash = fnvStep(hash, bytes[offset])
                }
            }
            return words
        }
    }

    /// Words to leave out of a word set, kept with their hashes so a
    /// lookup costs no string.
    public struct StopWords: Sendable {
        let words: Set<String>
        let hashes: Set<UInt64>

        /// Stop words, normalised as texts are (lower case, ASCII apostrophes).
        public init(_ words: Set<String>) {
            self.words = words
            self.hashes = Set(words.map { PhraseMatcher.hash($0.utf8) })
        }
    }

    /// The hashes of the distinct words of `text` with at least
    /// `minimumLength` characters, other than `stopWords` (for similarity
    /// between messages; words are normalised first).
    public static func wordSet(_ text: String, minimumLength: Int, excluding stopWords: StopWords = .init([])) -> Set<UInt64> {
        wordSet(inNormalized: normalize(text), minimumLength: minimumLength, excluding: stopWords)
    }

    /// ``wordSet(_:minimumLength:excluding:)`` of a text already normalised with ``normalize(_:)``.
    public static func wordSet(inNormalized normalized: String, minimumLength: Int,
                               excluding stopWords: StopWords = .init([])) -> Set<UInt64> {
        var set = Set<UInt64>()
        for word in words(inNormalized: normalized) {
            let bytes = normalized.utf8[word.range]
            let length = bytes.allSatisfy({ $0 < 0x80 }) ? bytes.count : Substring(bytes).count
            guard length >= minimumLength else { continue }
            if stopWords.hashes.contains(word.hash) && stopWords.words.contains(String(Substring(bytes))) { continue }
            set.insert(word.hash)
        }
        return set
    }

    /// Lower case, accents folded, punctuation turned into single spaces,
    /// padded with spaces so phrases match on word boundaries.
    public static func normalize(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return normalizeASCII(text) }
        var out = " "
        var lastWasSpace = true
        func append(_ scalar: Unicode.Scalar) {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "'" {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                out += " "
                lastWasSpace = true
            }
        }
        for scalar in text.unicodeScalars {
            if scalar == "’" {
                append("'")
            } else if scalar.value < 0x80 {
                append(scalar.properties.isUppercase ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else if scalar.value < 0x80 + UInt32(latinFolds.count) {
                latinFolds[Int(scalar.value - 0x80)].forEach(append)
            } else {
                fold(scalar).forEach(append)
            }
        }
        if !lastWasSpace { out += " " }
        return restoringApostrophes(out)
    }

    /// English contractions as customers type them without the apostrophe
    /// ("dont", "cant", "thats"), each with its apostrophe restored, so that
    /// every list written "don't" reads "dont" too. "im" (German "im"),
    /// "ill", "its", "were", "well" and "id" are left alone: they are words
    /// as they stand.
    static let contractions: [String: String] = Dictionary(uniqueKeysWithValues: [
        "dont", "doesnt", "didnt", "cant", "couldnt", "wouldnt", "shouldnt", "isnt", "arent", "wasnt", "werent",
        "havent", "hasnt", "hadnt", "wont", "aint", "mustnt", "neednt",
    ].map { ($0, String($0.dropLast(2)) + "n't") } + [
        ("ive", "i've"), ("youre", "you're"), ("youve", "you've"), ("theyre", "they're"), ("thats", "that's"),
        ("whats", "what's"), ("theres", "there's"), ("wheres", "where's"),
    ])

    /// The hashes of ``contractions``' keys: most words are not one, and a
    /// set of hashes tells without making a string.
    static let contractionHashes = Set(contractions.keys.map { hash($0.utf8) })

    /// `normalized` with ``contractions`` restored (a copy only when it has one).
    static func restoringApostrophes(_ normalized: String) -> String {
        var normalized = normalized
        guard normalized.withUTF8(mayHoldContraction) else { return normalized }
        return " " + normalized.splitOnSpaces().map { contractions[String($0)] ?? String($0) }.joined(separator: " ") + " "
    }

    /// Whether a normalised text has a word that may be one of
    /// ``contractions``: one pass over the bytes, no allocation, a set
    /// lookup only for words of three to eight bytes ending as a
    /// contraction does (-t, -s, -e), since every message is normalised.
    static func mayHoldContraction(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var hash = fnvOffset
        var length = 0
        var last: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: " ") {
                if (3...8).contains(length), last == UInt8(ascii: "t") || last == UInt8(ascii: "s") || last == UInt8(ascii: "e"),
                   contractionHashes.contains(hash) {
                    return true
                }
                hash = fnvOffset
                length = 0
            } else {
                hash = fnvStep(hash, byte)
                length += 1
                last = byte
            }
        }
        return false
    }

    /// A scalar lower-cased, compatibility-decomposed and stripped of its
    /// accents (nonspacing marks): "É" → "e", "ﬁ" → "fi"; "ß" is "ss", as
    /// Swiss German and anyone without the key writes it ("Scheißladen" and
    /// "Scheissladen" are one word to the lists), and the ligatures "œ" and
    /// "æ", which have no decomposition, are "oe" and "ae" ("œuf" and "oeuf").
    static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let lower = String(scalar).lowercased()
        return (ligatures[lower] ?? lower).decomposedStringWithCompatibilityMapping.unicodeScalars
            .filter { $0.properties.generalCategory != .nonspacingMark }
    }

    /// Letters written as two ("Straße" as "Strasse", "cœur" as "coeur").
    static let ligatures = ["ß": "ss", "œ": "oe", "æ": "ae"]

    /// ``fold(_:)`` of U+0080 to U+024F (the accented Latin letters of
    /// Spanish, French, German and their neighbours), computed once:
    /// Foundation's decomposition is slow per message.
    static let latinFolds: [[Unicode.Scalar]] = (0x80..<0x250).map { value in
        Unicode.Scalar(UInt32(value)).map(fold) ?? []
    }

    /// The same rules on bytes, for the common all-ASCII message: letters,
    /// digits and apostrophes kept (lower-cased), anything else a space.
    private static func normalizeASCII(_ text: String) -> String {
        let space = UInt8(ascii: " ")
        var out: [UInt8] = [space]
        out.reserveCapacity(text.utf8.count + 2)
        var lastWasSpace = true
        for byte in text.utf8 {
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lower)
                || lower == UInt8(ascii: "'") {
                out.append(lower)
                lastWasSpace = false
            } else if !lastWasSpace {
                out.append(space)
                lastWasSpace = true
            }
        }
        if !lastWasSpace { out.append(space) }
        return restoringApostrophes(String(decoding: out, as: UTF8.self))
    }

    /// Whether `phrase` occurs in `normalized` and every occurrence passes
    /// `test`, given the words and the occurrence's first and past-the-end indices.
    static func everyOccurrence(of phrase: String, inNormalized normalized: String,
                                _ test: (_ words: [Substring], _ start: Int, _ end: Int) -> Bool) -> Bool {
        let words = normalized.splitOnSpaces()
        let phraseWords = phrase.splitOnSpaces()
        var occurrences = 0
        for start in words.indices where words[start...].starts(with: phraseWords) {
            occurrences += 1
            guard test(words, start, start + phraseWords.count) else { return false }
        }
        return occurrences > 0
    }

    /// The phrases that occur in `text` (already normalised with ``normalize(_:)``), in the order given.
    public func matches(inNormalized text: String) -> [String] {
        matches(inNormalized: text, unlessAfter: [], window: 0)
    }

    /// The phrases that occur in `text` (already normalised) other than
    /// right after a negation: with `negations` ["no", "don't"] and a
    /// `window` of 3 words, "no need to call me back" does not match "call
    /// me back", while "can you call me back" does.
    public func matches(inNormalized text: String, unlessAfter negations: Set<String>, window: Int) -> [String] {
        matches(inNormalized: text, words: Self.words(inNormalized: text), unlessAfter: negations, window: window)
    }

    /// The phrases that occur in `text` (already normalised), whose
    /// ``words(inNormalized:)`` are `words`: split and hashed once for all
    /// the matchers that read one text.
    func matches(inNormalized text: String, words: Words,
                 unlessAfter negations: Set<String> = [], window: Int = 0) -> [String] {
        // Only once a phrase is found: most texts match none.
        lazy var negationHashes = window > 0 ? Set(negations.map { Self.hash($0.utf8) }) : []
        func isNegation(_ word: (range: Range<String.UTF8View.Index>, hash: UInt64)) -> Bool {
            negationHashes.contains(word.hash) && negations.contains(String(decoding: text.utf8[word.range], as: UTF8.self))
        }
        var found: [Int] = []
        for start in words.indices {
            for phrase in phrases(startingWith: words[start].hash) where !found.contains(phrase) {
                let hashes = phrases[phrase]
                guard start + hashes.count <= words.count,
                      zip(words[start..<start + hashes.count], hashes).allSatisfy({ $0.hash == $1 }),
                      zip(words[start..<start + hashes.count], phraseWords[phrase]).allSatisfy({ text.utf8[$0.range].elementsEqual($1.utf8) })
                else { continue }
                // This occurrence follows a negation; a later one may not.
                if window > 0, words[max(0, start - window)..<start].contains(where: isNegation) { continue }
                found.append(phrase)
            }
        }
        return found.sorted().map { originals[$0] }
    }

    /// The phrases that occur in `text`.
    public func matches(in text: String) -> [String] {
        matches(inNormalized: Self.normalize(text))
    }
}
