// The intent model's tokenizer and feature hashing, byte for byte the same as
// Tools/intent/features.py (whose docstring is the specification). Both work
// on UTF-8 bytes so that no Unicode case mapping can differ between them.

/// Hashes of the word unigrams, word bigrams and character 3- to 5-grams of a
/// text, as the intent model sees it.
enum IntentFeatures {
    /// Words longer than this many bytes are cut.
    static let maxWordBytes = 32
    /// Shortest character gram, in bytes.
    static let charGramMin = 3
    /// Longest character gram, in bytes.
    static let charGramMax = 5
    /// Texts are read up to this many UTF-8 bytes; the rest is ignored.
    static let maxTextBytes = 2048

    static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let fnvPrime: UInt64 = 0x100_0000_01B3

    /// Kind bytes that prefix each feature before hashing.
    static let wordKind = UInt8(ascii: "w")
    static let bigramKind = UInt8(ascii: "b")
    static let charKind = UInt8(ascii: "c")

    /// An upper bound of the number of features of a text of `byteCount`
    /// bytes: per word byte at most one gram of each length and one word or
    /// bigram, plus the boundary bigrams.
    static func capacity(byteCount: Int) -> Int {
        (min(byteCount, maxTextBytes) + 1) * (charGramMax - charGramMin + 3) + 4
    }

    /// Writes the distinct feature hashes of `text` to the front of
    /// `hashes` (which must hold `capacity(byteCount:)` values) and returns
    /// their number.
    static func hashes(of text: UnsafeBufferPointer<UInt8>, into hashes: UnsafeMutableBufferPointer<UInt64>) -> Int {
        let text = UnsafeBufferPointer(rebasing: text.prefix(maxTextBytes))
        var count = 0
        // The current word with its boundary markers: "<" + word + ">".
        var padded: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &padded) { raw in
            let word = raw.bindMemory(to: UInt8.self)
            word[0] = UInt8(ascii: "<")
            var length = 0  // bytes of the word, without markers
            var previousHash = fnv(bigramKind, "<s".utf8)  // hash state of "b" + previous word + " "
            previousHash = step(previousHash, UInt8(ascii: " "))

            func endWord() {
                guard length > 0 else { return }
                let bytes = UnsafeBufferPointer(rebasing: word[1...length])
                hashes[count] = fnv(wordKind, bytes)
                count += 1
                var bigram = previousHash
                for byte in bytes { bigram = step(bigram, byte) }
                hashes[count] = bigram
                count += 1
                previousHash = fnv(bigramKind, bytes)
                previousHash = step(previousHash, UInt8(ascii: " "))

                word[length + 1] = UInt8(ascii: ">")
                let paddedLength = length + 2
                for n in charGramMin...charGramMax where n <= paddedLength {
                    for start in 0...(paddedLength - n) {
                        hashes[count] = fnv(charKind, UnsafeBufferPointer(rebasing: word[start..<(start + n)]))
                        count += 1
                    }
                }
                length = 0
            }

            for raw in text {
                guard let byte = wordByte(raw) else {
                    endWord()
                    continue
                }
                if byte == dropped { continue }
                if length < maxWordBytes {
                    length += 1
                    word[length] = byte
                }
            }
            endWord()
            var end = previousHash
            for byte in "s>".utf8 { end = step(end, byte) }
            hashes[count] = end
            count += 1
        }
        return distinct(UnsafeMutableBufferPointer(rebasing: hashes[0..<count]))
    }

    /// Moves the distinct values of `values` to its front, each where it
    /// first occurs, and returns their number. A table twice as large marks
    /// the values seen: sorting them cost more than the lookups they feed.
    static func distinct(_ values: UnsafeMutableBufferPointer<UInt64>) -> Int {
        guard values.count > 1 else { return values.count }
        let shift = (values.count * 2 - 1).leadingZeroBitCount
        let size = 1 << (UInt64.bitWidth - shift)
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: size) { seen in
            // 0 marks an empty slot; the value 0 itself is tracked apart.
            seen.initialize(repeating: 0)
            var zeroSeen = false
            var distinct = 0
            for i in values.indices {
                let value = values[i]
                if value == 0 {
                    if zeroSeen { continue }
                    zeroSeen = true
                } else {
                    // Fibonacci hashing: the high bits of the product spread FNV's weak low bits.
                    var slot = Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
                    while seen[slot] != 0 && seen[slot] != value { slot = (slot + 1) & (size - 1) }
                    if seen[slot] == value { continue }
                    seen[slot] = value
                }
                values[distinct] = value
                distinct += 1
            }
            return distinct
        }
    }

    /// The words of `text` as the features see them (lower-cased ASCII,
    /// digits as 0, no apostrophes, cut at `maxWordBytes`), for evidence.
    static func words(of text: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = [], word: [UInt8] = []
        for raw in text.prefix(maxTextBytes) {
            guard let byte = wordByte(raw) else {
                if !word.isEmpty { words.append(word) }
                word = []
                continue
            }
            if byte != dropped, word.count < maxWordBytes { word.append(byte) }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// What ``wordByte(_:)`` returns for a byte left out of words (the ASCII apostrophe).
    static let dropped: UInt8 = 0

    /// A text byte as words hold it (A-Z lower-cased, digits as 0), ``dropped``
    /// for the apostrophe, nil for a byte that separates words.
    @inline(__always)
    static func wordByte(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(ascii: "0")
        case UInt8(ascii: "'"): dropped
        case UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...: byte
        default: nil
        }
    }

    @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* fnvPrime
    }

    /// FNV-1a 64 of `kind` followed by `bytes`.
    @inline(__always)
    static func fnv<Bytes: Sequence<UInt8>>(_ kind: UInt8, _ bytes: Bytes) -> UInt64 {
        var hash = step(fnvOffset, kind)
        for byte in bytes { hash = step(hash, byte) }
        return hash
    }
}
