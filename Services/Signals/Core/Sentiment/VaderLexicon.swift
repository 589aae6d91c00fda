// The word tables of the VADER port: the compiled lexicon resource plus the
// constant word lists of vaderSentiment 3.3.2 (NEGATE, BOOSTER_DICT,
// SPECIAL_CASES), merged into one byte-exact hash table so that each token
// is looked up once.
//
// Keys are compared as UTF-8 bytes, not as Swift `String`s: Python compares
// strings code point by code point, while `String ==` uses canonical
// equivalence (U+212A KELVIN SIGN == "K"), which would not be a faithful port.

/// An error while loading the compiled VADER lexicon.
public enum SentimentLexiconError: Error, CustomStringConvertible {
    /// The resource `Resources/vader.lexicon` is not in the module bundle.
    case resourceNotFound
    /// The resource is not in the format `Tools/vader/compile_lexicon.py` writes.
    case malformed(line: Int, reason: String)

    /// A readable description of the error.
    public var description: String {
        switch self {
        case .resourceNotFound:
            return "vader.lexicon not found in the SignalsCore bundle"
        case let .malformed(line, reason):
            return "vader.lexicon line \(line): \(reason)"
        }
    }
}

/// vaderSentiment 3.3.2's empirically derived constants.
enum Vader {
    /// Booster word increment.
    static let bIncr = 0.293
    /// Dampener word decrement.
    static let bDecr = -0.293
    /// ALL-CAPS emphasis increment.
    static let cIncr = 0.733
    /// Negation scalar.
    static let nScalar = -0.74

    /// NEGATE.
    static let negate: [String] = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ]

    /// The one-word keys of BOOSTER_DICT. (Its multi-word keys, "just enough",
    /// "kind of" and "sort of", never equal a token, which has no spaces; they
    /// are matched as bigrams in the idiom check.)
    static let boosters: [(String, Double)] = {
        let up = [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
            "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
            "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping",
            "flippin", "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully",
            "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
            "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
            "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
            "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably",
            "unusually", "utter", "utterly", "very",
        ]
        let down = [
            "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little",
            "marginal", "marginally", "occasional", "occasionally", "partly", "scarce",
            "scarcely", "slight", "slightly", "somewhat", "sorta", "sortof", "sort-of",
        ]
        return up.map { ($0, bIncr) } + down.map { ($0, bDecr) }
    }()
}

/// Ids of the words that the rules compare tokens with (0: none of them).
enum Word {
    static let none: UInt8 = 0
    static let kind: UInt8 = 1
    static let of: UInt8 = 2
    static let no: UInt8 = 3
    static let or: UInt8 = 4
    static let nor: UInt8 = 5
    static let least: UInt8 = 6
    static let at: UInt8 = 7
    static let very: UInt8 = 8
    static let never: UInt8 = 9
    static let so: UInt8 = 10
    static let this: UInt8 = 11
    static let without: UInt8 = 12
    static let doubt: UInt8 = 13
    static let but: UInt8 = 14
    static let the: UInt8 = 15
    static let shit: UInt8 = 16
    static let bomb: UInt8 = 17
    static let bad: UInt8 = 18
    static let ass: UInt8 = 19
    static let bus: UInt8 = 20
    static let stop: UInt8 = 21
    static let yeah: UInt8 = 22
    static let right: UInt8 = 23
    static let kiss: UInt8 = 24
    static let death: UInt8 = 25
    static let to: UInt8 = 26
    static let die: UInt8 = 27
    static let `for`: UInt8 = 28
    static let beating: UInt8 = 29
    static let heart: UInt8 = 30
    static let just: UInt8 = 31
    static let enough: UInt8 = 32
    static let sort: UInt8 = 33

    static let all: [(String, UInt8)] = [
        ("kind", kind), ("of", of), ("no", no), ("or", or), ("nor", nor), ("least", least),
        ("at", at), ("very", very), ("never", never), ("so", so), ("this", this),
        ("without", without), ("doubt", doubt), ("but", but), ("the", the), ("shit", shit),
        ("bomb", bomb), ("bad", bad), ("ass", ass), ("bus", bus), ("stop", stop),
        ("yeah", yeah), ("right", right), ("kiss", kiss), ("death", death), ("to", to),
        ("die", die), ("for", `for`), ("beating", beating), ("heart", heart), ("just", just),
        ("enough", enough), ("sort", sort),
    ]

    /// SPECIAL_CASES with two words ("badass" is a one-word key and never
    /// equals a joined n-gram, so it never applies).
    @inline(__always)
    static func specialCase(_ a: UInt8, _ b: UInt8) -> Double? {
        switch (a, b) {
        case (the, shit), (the, bomb): return 3
        case (bad, ass): return 1.5
        case (bus, stop): return 0.0
        case (yeah, right): return -2
        case (beating, heart): return 3.5
        default: return nil
        }
    }

    /// SPECIAL_CASES with three words.
    @inline(__always)
    static func specialCase(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Double? {
        switch (a, b, c) {
        case (kiss, of, death): return -1.5
        case (to, die, `for`): return 3
        default: return nil
        }
    }

    /// The two-word keys of BOOSTER_DICT.
    @inline(__always)
    static func boosterBigram(_ a: UInt8, _ b: UInt8) -> Double? {
        switch (a, b) {
        case (just, enough), (kind, of), (sort, of): return Vader.bDecr
        default: return nil
        }
    }
}

/// What the rules need to know about one lower-cased word.
struct WordInfo: Sendable {
    static let inLexicon: UInt8 = 1
    static let isBooster: UInt8 = 2
    static let isNegation: UInt8 = 4

    /// The lexicon valence (if `inLexicon`).
    var valence: Double = 0
    /// The BOOSTER_DICT scalar (if `isBooster`).
    var booster: Double = 0
    /// `inLexicon`, `isBooster`, `isNegation`.
    var flags: UInt8 = 0
    /// A `Word` id.
    var word: UInt8 = Word.none
}

/// An immutable open-addressing hash table from UTF-8 byte strings to
/// `WordInfo`.
struct WordTable: Sendable {
    private let keyBytes: [UInt8]
    private let keyStart: [Int32]
    private let keyLength: [Int32]
    private let keyHash: [UInt32]
    private let slots: [Int32]
    private let mask: Int
    let infos: [WordInfo]

    init(_ entries: [(key: [UInt8], info: WordInfo)]) {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var lengths: [Int32] = []
        var hashes: [UInt32] = []
        var infos: [WordInfo] = []
        var capacity = 16
        while capacity < entries.count * 3 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (key, info) in entries {
            let h = key.withUnsafeBufferPointer { WordTable.hash($0.baseAddress, $0.count) }
            let index = Int32(infos.count)
            starts.append(Int32(bytes.count))
            lengths.append(Int32(key.count))
            hashes.append(h)
            infos.append(info)
            bytes.append(contentsOf: key)
            var slot = Int(h) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = index
        }
        self.keyBytes = bytes
        self.keyStart = starts
        self.keyLength = lengths
        self.keyHash = hashes
        self.slots = slots
        self.mask = capacity - 1
        self.infos = infos
    }

    /// FNV-1a with a final avalanche.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ count: Int) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        if let p {
            for i in 0..<count {
                h = (h ^ UInt32(p[i])) &* 0x0100_0193
            }
        }
        h ^= h >> 16
        h = h &* 0x85EB_CA6B
        h ^= h >> 13
        return h
    }

    /// The index into `infos` of the key equal to the `count` bytes at `p`, or -1.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
        let h = WordTable.hash(p, count)
        return keyBytes.withUnsafeBufferPointer { kb in
            slots.withUnsafeBufferPointer { sl in
                var slot = Int(h) & mask
                while true {
                    let e = Int(sl[slot])
                    if e < 0 { return -1 }
                    if keyHash[e] == h, Int(keyLength[e]) == count {
                        let base = kb.baseAddress! + Int(keyStart[e])
                        var equal = true
                        for i in 0..<count where base[i] != p[i] {
                            equal = false
                            break
                        }
                        if equal { return Int32(e) }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }
}

/// The parsed `vader.lexicon` resource and the derived tables.
struct VaderTables: Sendable {
    /// Lexicon, booster, negation and rule words, by lower-cased UTF-8 bytes.
    let words: WordTable
    /// Emoji (single code points) to the index of their description.
    let emoji: [UInt32: Int32]
    /// The UTF-8 bytes of every emoji description, concatenated.
    let descriptionBytes: [UInt8]
    /// Start and end offsets in `descriptionBytes`, by description index.
    let descriptionRanges: [(Int32, Int32)]

    /// Parses the compiled lexicon (see `Tools/vader/compile_lexicon.py`).
    init(compiled data: [UInt8]) throws {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for i in data.indices where data[i] == 0x0A {
            lines.append(data[start..<i])
            start = i + 1
        }
        if start < data.count { lines.append(data[start...]) }

        func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }
        func fields(_ s: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
            s.split(separator: 0x09, omittingEmptySubsequences: false)
        }

        var n = 0
        while n < lines.count, lines[n].first == UInt8(ascii: "#") { n += 1 }
        guard n < lines.count else { throw SentimentLexiconError.malformed(line: n + 1, reason: "no lexicon section") }
        let lexHeader = fields(lines[n])
        guard lexHeader.count == 2, text(lexHeader[0]) == "lexicon", let lexCount = Int(text(lexHeader[1])),
              n + 1 + lexCount < lines.count
        else { throw SentimentLexiconError.malformed(line: n + 1, reason: "expected lexicon<TAB>count") }

        var merged: [[UInt8]: WordInfo] = [:]
        var order: [[UInt8]] = []
        func update(_ key: [UInt8], _ body: (inout WordInfo) -> Void) {
            if merged[key] == nil { order.append(key) }
            body(&merged[key, default: WordInfo()])
        }

        for k in (n + 1)...(n + lexCount) {
            let f = fields(lines[k])
            guard f.count == 2, let v = Double(text(f[1])) else {
                throw SentimentLexiconError.malformed(line: k + 1, reason: "expected token<TAB>valence")
            }
            update(Array(f[0])) {
                $0.valence = v
                $0.flags |= WordInfo.inLexicon
            }
        }
        for (word, scalar) in Vader.boosters {
            update(Array(word.utf8)) {
                $0.booster = scalar
                $0.flags |= WordInfo.isBooster
            }
        }
        for word in Vader.negate {
            update(Array(word.utf8)) { $0.flags |= WordInfo.isNegation }
        }
        for (word, id) in Word.all {
            update(Array(word.utf8)) { $0.word = id }
        }
        self.words = WordTable(order.map { ($0, merged[$0]!) })

        n += 1 + lexCount
        let emojiHeader = fields(lines[n])
        guard emojiHeader.count == 3, text(emojiHeader[0]) == "emoji", let emojiCount = Int(text(emojiHeader[1])),
              n + emojiCount < lines.count
        else { throw SentimentLexiconError.malformed(line: n + 1, reason: "expected emoji<TAB>count<TAB>single") }
        var emoji: [UInt32: Int32] = [:]
        var bytes: [UInt8] = []
        var ranges: [(Int32, Int32)] = []
        for k in (n + 1)...(n + emojiCount) {
            let f = fields(lines[k])
            guard f.count == 2 else {
                throw SentimentLexiconError.malformed(line: k + 1, reason: "expected emoji<TAB>description")
            }
            // vaderSentiment 3.3.2 looks emoji up one code point at a time:
            // only single-code-point keys can ever match.
            let scalars = text(f[0]).unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first else { continue }
            // A later duplicate overwrites an earlier one, as in the Python dict.
            emoji[scalar.value] = Int32(ranges.count)
            ranges.append((Int32(bytes.count), Int32(bytes.count + f[1].count)))
            bytes.append(contentsOf: f[1])
        }
        self.emoji = emoji
        self.descriptionBytes = bytes
        self.descriptionRanges = ranges
    }
}
