import Foundation

/// VADER sentiment analysis: a faithful Swift port of
/// `SentimentIntensityAnalyzer.polarity_scores` from vaderSentiment 3.3.2
/// (Hutto & Gilbert, ICWSM 2014; MIT license, see `Resources/VADER_LICENSE.txt`).
///
/// The port reproduces the reference implementation's behaviour, including its
/// quirks: emoji are replaced by their description one code point at a time;
/// tokens are split on Python's whitespace and lose leading and trailing ASCII
/// punctuation unless that leaves two characters or fewer; words are compared
/// after Python-style lower-casing, code point by code point; the "but" rule
/// rescales by value lookup (`list.index`) as the original does; and the
/// scores are rounded with Python's correctly rounded `round`.
///
/// The analyzer is immutable and safe to share between tasks; scoring a text
/// allocates a few small buffers and takes no locks.
public final class SentimentAnalyzer: Sendable {
    private let tables: VaderTables

    /// Loads the compiled lexicon `Resources/vader.lexicon` from the module bundle.
    ///
    /// - Throws: `SentimentLexiconError` if the resource is missing or malformed.
    public init() throws {
        guard let url = Bundle.module.url(forResource: "vader", withExtension: "lexicon", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "vader", withExtension: "lexicon")
        else { throw SentimentLexiconError.resourceNotFound }
        let data = try Data(contentsOf: url)
        self.tables = try VaderTables(compiled: [UInt8](data))
    }

    /// A shared analyzer, loaded on first use. Loading fails only if the
    /// module's bundle is broken, which is a packaging error: it traps.
    public static let shared: SentimentAnalyzer = {
        do {
            return try SentimentAnalyzer()
        } catch {
            fatalError("SentimentAnalyzer: cannot load the VADER lexicon: \(error)")
        }
    }()

    /// The VADER scores of `text`, equal to vaderSentiment 3.3.2's
    /// `polarity_scores(text)` (`compound`, `pos`, `neu`, `neg`).
    public func scores(_ text: String) -> SentimentScores {
        var text = text
        return text.withUTF8 { utf8 in
            var nonASCII = false
            for byte in utf8 where byte >= 0x80 {
                nonASCII = true
                break
            }
            if nonASCII, let replaced = replacingEmoji(utf8) {
                return replaced.withUnsafeBufferPointer { score($0, ascii: false) }
            }
            return score(utf8, ascii: !nonASCII)
        }
    }

    // MARK: - Emoji

    /// The text with every emoji code point replaced by its description
    /// (preceded by a space unless one precedes it already), or nil if the
    /// text has no emoji. No emoji is ASCII, so ASCII text never gets here.
    private func replacingEmoji(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var copied = 0  // p[..<copied] is in `out` (once `out` is in use)
        var started = false
        var i = 0
        let n = p.count
        while i < n {
            let b = p[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let (scalar, length) = decodeScalar(p, i)
            if let index = tables.emoji[scalar] {
                if !started {
                    started = true
                    out.reserveCapacity(n + 64)
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<i]))
                // prev_space: the previous code point is an ASCII space (true at the start).
                // (A code point right after a description, i == copied > 0, is never after a space.)
                let prevSpace = out.isEmpty || (i != copied && p[i - 1] == 0x20)
                if !prevSpace { out.append(0x20) }
                let (s, e) = tables.descriptionRanges[Int(index)]
                out.append(contentsOf: tables.descriptionBytes[Int(s)..<Int(e)])
                copied = i + length
            }
            i += length
        }
        guard started else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
        return out
    }

    // MARK: - Scoring

    /// One token of `SentiText.words_and_emoticons`.
    private struct Token {
        var info: Int32 = -1
        var word: UInt8 = Word.none
        var flags: UInt8 = 0
        var isUpper = false
        var negated = false  // `negated([token])`: NEGATE word or contains "n't"
        var valence: Double = 0
        var booster: Double = 0

        var inLexicon: Bool { flags & WordInfo.inLexicon != 0 }
        var isBooster: Bool { flags & WordInfo.isBooster != 0 }
    }

    private func score(_ p: UnsafeBufferPointer<UInt8>, ascii: Bool) -> SentimentScores {
        let n = p.count
        var tokens: [Token] = []
        tokens.reserveCapacity(n / 4 + 4)
        var lowered: [UInt8] = []  // scratch for one token's lower-cased bytes
        lowered.reserveCapacity(64)
        var exclamations = 0
        var questions = 0
        var upperCount = 0

        var i = 0
        while i < n {
            // Skip whitespace (str.split()).
            var w = whitespaceLength(p, i, ascii: ascii)
            while w > 0 {
                i += w
                if i >= n { break }
                w = whitespaceLength(p, i, ascii: ascii)
            }
            if i >= n { break }
            let start = i
            while i < n {
                let b = p[i]
                if b == 0x21 { exclamations += 1 } else if b == 0x3F { questions += 1 }
                if b < 0x80 {
                    if isASCIIWhitespace(b) { break }
                    i += 1
                } else {
                    if !ascii, nonASCIIWhitespaceLength(p, i) > 0 { break }
                    i += scalarLength(b)
                }
            }
            let end = i

            // _strip_punc_if_word: strip string.punctuation from both ends
            // unless that leaves two code points or fewer.
            var s = start
            var e = end
            while s < e, isPunctuation(p[s]) { s += 1 }
            while e > s, isPunctuation(p[e - 1]) { e -= 1 }
            if !(e - s > 8 || (e - s > 2 && scalarCount(p, s, e) > 2)) {
                s = start
                e = end
            }

            var token = Token()
            var tokenASCII = true
            var hasUpper = false
            var hasLower = false
            lowered.removeAll(keepingCapacity: true)
            for k in s..<e {
                let b = p[k]
                if b >= 0x80 {
                    tokenASCII = false
                    break
                }
                if b >= 0x41, b <= 0x5A {
                    hasUpper = true
                    lowered.append(b | 0x20)
                } else {
                    if b >= 0x61, b <= 0x7A { hasLower = true }
                    lowered.append(b)
                }
            }
            if tokenASCII {
                token.isUpper = hasUpper && !hasLower
            } else {
                let string = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
                token.isUpper = pythonIsUpper(string)
                lowered.removeAll(keepingCapacity: true)
                lowered.append(contentsOf: string.lowercased().utf8)
            }
            if token.isUpper { upperCount += 1 }

            lowered.withUnsafeBufferPointer { lw in
                let count = lw.count
                guard let base = lw.baseAddress else { return }
                let index = tables.words.find(base, count)
                var negated = false
                if index >= 0 {
                    let info = tables.words.infos[Int(index)]
                    token.info = index
                    token.word = info.word
                    token.flags = info.flags
                    token.valence = info.valence
                    token.booster = info.booster
                    negated = info.flags & WordInfo.isNegation != 0
                }
                if !negated, count >= 3 {
                    for k in 0..<(count - 2) where base[k] == 0x6E && base[k + 1] == 0x27 && base[k + 2] == 0x74 {
                        negated = true
                        break
                    }
                }
                token.negated = negated
            }
            tokens.append(token)
        }

        let count = tokens.count
        if count == 0 { return .zero }
        // allcap_differential: some, but not all, tokens are ALL CAPS.
        let isCapDiff = upperCount > 0 && upperCount < count

        var sentiments = [Double](repeating: 0, count: count)
        tokens.withUnsafeBufferPointer { t in
            for i in 0..<count {
                let item = t[i]
                if item.isBooster { continue }  // sentiments[i] = 0
                if i < count - 1, item.word == Word.kind, t[i + 1].word == Word.of { continue }
                if item.inLexicon {
                    sentiments[i] = sentimentValence(t, i, isCapDiff)
                }
            }
        }

        butCheck(tokens, &sentiments)

        // score_valence
        var sum = 0.0
        for s in sentiments { sum += s }
        let ep = Double(min(exclamations, 4)) * 0.292
        let qm: Double = questions > 1 ? (questions <= 3 ? Double(questions) * 0.18 : 0.96) : 0
        let punctuation = ep + qm
        if sum > 0 {
            sum += punctuation
        } else if sum < 0 {
            sum -= punctuation
        }
        var compound = sum / (sum * sum + 15).squareRoot()
        if compound < -1 { compound = -1 } else if compound > 1 { compound = 1 }

        var posSum = 0.0
        var negSum = 0.0
        var neuCount = 0
        for s in sentiments {
            if s > 0 { posSum += s + 1 }
            if s < 0 { negSum += s - 1 }
            if s == 0 { neuCount += 1 }
        }
        if posSum > abs(negSum) {
            posSum += punctuation
        } else if posSum < abs(negSum) {
            negSum -= punctuation
        }
        let total = posSum + abs(negSum) + Double(neuCount)
        return SentimentScores(
            compound: pythonRound(compound, 10_000),
            positive: pythonRound(abs(posSum / total), 1000),
            neutral: pythonRound(abs(Double(neuCount) / total), 1000),
            negative: pythonRound(abs(negSum / total), 1000)
        )
    }

    /// sentiment_valence for a token in the lexicon.
    @inline(__always)
    private func sentimentValence(_ t: UnsafeBufferPointer<Token>, _ i: Int, _ isCapDiff: Bool) -> Double {
        let count = t.count
        let item = t[i]
        var valence = item.valence
        // "no" as a negation of the next lexicon word rather than a lexicon word itself.
        if item.word == Word.no, i != count - 1, t[i + 1].inLexicon {
            valence = 0.0
        }
        if (i > 0 && t[i - 1].word == Word.no)
            || (i > 1 && t[i - 2].word == Word.no)
            || (i > 2 && t[i - 3].word == Word.no && (t[i - 1].word == Word.or || t[i - 1].word == Word.nor))
        {
            valence = item.valence * Vader.nScalar
        }
        // ALL CAPS emphasis when the text mixes case.
        if item.isUpper, isCapDiff {
            if valence > 0 { valence += Vader.cIncr } else { valence -= Vader.cIncr }
        }
        for startI in 0..<3 where i > startI {
            let previous = t[i - (startI + 1)]
            if previous.inLexicon { continue }
            // scalar_inc_dec
            var s = 0.0
            if previous.isBooster {
                s = previous.booster
                if valence < 0 { s *= -1 }
                if previous.isUpper, isCapDiff {
                    if valence > 0 { s += Vader.cIncr } else { s -= Vader.cIncr }
                }
            }
            if startI == 1, s != 0 { s = s * 0.95 }
            if startI == 2, s != 0 { s = s * 0.9 }
            valence = valence + s
            valence = negationCheck(valence, t, startI, i)
            if startI == 2 { valence = specialIdiomsCheck(valence, t, i) }
        }
        // _least_check
        if i > 1, !t[i - 1].inLexicon, t[i - 1].word == Word.least {
            if t[i - 2].word != Word.at, t[i - 2].word != Word.very {
                valence = valence * Vader.nScalar
            }
        } else if i > 0, !t[i - 1].inLexicon, t[i - 1].word == Word.least {
            valence = valence * Vader.nScalar
        }
        return valence
    }

    /// _negation_check.
    @inline(__always)
    private func negationCheck(_ valence: Double, _ t: UnsafeBufferPointer<Token>, _ startI: Int, _ i: Int) -> Double {
        switch startI {
        case 0:
            if t[i - 1].negated { return valence * Vader.nScalar }
        case 1:
            let w2 = t[i - 2].word
            let w1 = t[i - 1].word
            if w2 == Word.never, w1 == Word.so || w1 == Word.this {
                return valence * 1.25
            } else if w2 == Word.without, w1 == Word.doubt {
                return valence
            } else if t[i - 2].negated {
                return valence * Vader.nScalar
            }
        default:
            let w3 = t[i - 3].word
            let w2 = t[i - 2].word
            let w1 = t[i - 1].word
            // Python: `a and (b or c) or (d or e)`; the trailing test is not
            // guarded by "never", as in the original.
            if (w3 == Word.never && (w2 == Word.so || w2 == Word.this)) || (w1 == Word.so || w1 == Word.this) {
                return valence * 1.25
            } else if w3 == Word.without, w2 == Word.doubt || w1 == Word.doubt {
                return valence
            } else if t[i - 3].negated {
                return valence * Vader.nScalar
            }
        }
        return valence
    }

    /// _special_idioms_check (only reached with i >= 3).
    @inline(__always)
    private func specialIdiomsCheck(_ valence: Double, _ t: UnsafeBufferPointer<Token>, _ i: Int) -> Double {
        var valence = valence
        let w0 = t[i].word
        let w1 = t[i - 1].word
        let w2 = t[i - 2].word
        let w3 = t[i - 3].word
        // onezero, twoonezero, twoone, threetwoone, threetwo: the first match wins.
        if let v = Word.specialCase(w1, w0) {
            valence = v
        } else if let v = Word.specialCase(w2, w1, w0) {
            valence = v
        } else if let v = Word.specialCase(w2, w1) {
            valence = v
        } else if let v = Word.specialCase(w3, w2, w1) {
            valence = v
        } else if let v = Word.specialCase(w3, w2) {
            valence = v
        }
        let count = t.count
        if count - 1 > i, let v = Word.specialCase(w0, t[i + 1].word) {
            valence = v
        }
        if count - 1 > i + 1, let v = Word.specialCase(w0, t[i + 1].word, t[i + 2].word) {
            valence = v
        }
        // Booster bigrams ("kind of", "sort of", "just enough"): threetwo, twoone.
        if let v = Word.boosterBigram(w3, w2) { valence = valence + v }
        if let v = Word.boosterBigram(w2, w1) { valence = valence + v }
        return valence
    }

    /// _but_check, including its `list.index` lookup: each value is rescaled
    /// at the position of the first element equal to it.
    ///
    /// Rescaling keeps zeros zero and non-zero values non-zero, so the first
    /// zero never moves and only the non-zero positions need searching; this
    /// keeps long texts near linear without changing the result.
    private func butCheck(_ tokens: [Token], _ sentiments: inout [Double]) {
        guard let bi = tokens.firstIndex(where: { $0.word == Word.but }) else { return }
        let firstZero = sentiments.firstIndex(of: 0) ?? -1
        var nonZero: [Int] = []
        for k in sentiments.indices where sentiments[k] != 0 { nonZero.append(k) }
        for k in sentiments.indices {
            let sentiment = sentiments[k]
            var si = firstZero
            if sentiment != 0 {
                var j = 0
                while sentiments[nonZero[j]] != sentiment { j += 1 }
                si = nonZero[j]
            }
            if si < bi {
                sentiments[si] = sentiment * 0.5
            } else if si > bi {
                sentiments[si] = sentiment * 1.5
            }
        }
    }
}

// MARK: - Python string semantics on UTF-8

/// Python's `round(x, n)` for `scale == 10^n`: the double nearest to the
/// exact value of `x` rounded half-even to `n` decimals.
@inline(__always)
func pythonRound(_ x: Double, _ scale: Double) -> Double {
    let y = x * scale
    let error = (-y).addingProduct(x, scale)  // x * scale == y + error exactly
    var r = y.rounded(.toNearestOrEven)
    let d = y - r
    if d == 0.5, error > 0 {
        r += 1
    } else if d == -0.5, error < 0 {
        r -= 1
    }
    return r / scale
}

/// Python's `str.isupper()`: at least one cased character and no lower-case
/// or title-case one.
func pythonIsUpper(_ s: String) -> Bool {
    var cased = false
    for scalar in s.unicodeScalars {
        let p = scalar.properties
        if p.isLowercase || p.generalCategory == .titlecaseLetter { return false }
        if !cased, p.isUppercase { cased = true }
    }
    return cased
}

/// `string.punctuation`.
@inline(__always)
func isPunctuation(_ b: UInt8) -> Bool {
    (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
}

/// Python's ASCII whitespace: \t \n \v \f \r, the separators 0x1C-0x1F, space.
@inline(__always)
func isASCIIWhitespace(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)
}

/// The byte length of a non-ASCII Python whitespace code point at `i`
/// (U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
/// U+3000), or 0.
@inline(__always)
func nonASCIIWhitespaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
    let b = p[i]
    switch b {
    case 0xC2:
        guard i + 1 < p.count else { return 0 }
        let c = p[i + 1]
        return c == 0x85 || c == 0xA0 ? 2 : 0
    case 0xE1, 0xE2, 0xE3:
        guard i + 2 < p.count else { return 0 }
        let c = p[i + 1]
        let d = p[i + 2]
        if b == 0xE1 { return c == 0x9A && d == 0x80 ? 3 : 0 }
        if b == 0xE3 { return c == 0x80 && d == 0x80 ? 3 : 0 }
        if c == 0x80 { return (d >= 0x80 && d <= 0x8A) || d == 0xA8 || d == 0xA9 || d == 0xAF ? 3 : 0 }
        return c == 0x81 && d == 0x9F ? 3 : 0
    default:
        return 0
    }
}

@inline(__always)
func whitespaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, ascii: Bool) -> Int {
    let b = p[i]
    if b < 0x80 { return isASCIIWhitespace(b) ? 1 : 0 }
    return ascii ? 0 : nonASCIIWhitespaceLength(p, i)
}

/// The byte length of the UTF-8 sequence that starts with `lead`.
@inline(__always)
func scalarLength(_ lead: UInt8) -> Int {
    lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
}

/// The number of code points in `p[s..<e]`.
@inline(__always)
func scalarCount(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
    var count = 0
    for k in s..<e where p[k] & 0xC0 != 0x80 { count += 1 }
    return count
}

/// The code point at `i` (valid UTF-8) and its byte length.
@inline(__always)
func decodeScalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
    let b = UInt32(p[i])
    if b < 0x80 { return (b, 1) }
    if b < 0xE0 { return ((b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
    if b < 0xF0 {
        return ((b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
    }
    return ((b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
        | UInt32(p[i + 3] & 0x3F), 4)
}
