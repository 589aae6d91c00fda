/// The kind of loss an insurance claim is named by ("a claim for water
/// damage to our kitchen ceiling"): what happened to the customer's home or
/// car, not something said of the service, yet VADER reads "damage" as
/// negative wherever it stands.
enum InsuredLoss {
    /// `text` with the word "damage" taken out where it names a kind of
    /// loss ("water damage", "storm-damaged roof"), or nil when it names
    /// none: the text VADER scores. Other words about the loss ("still
    /// sagging", "nobody came") keep their weight.
    static func withoutLossWords(_ text: String) -> String? {
        guard mentionsDamage(text.utf8) else { return nil }
        let words = text.split(whereSeparator: \.isWhitespace)
        // Only where a claim is made: "it arrived with water damage" blames the courier.
        guard words.contains(where: { claimWords.contains($0.lowercased().filter(\.isLetter)) }) else { return nil }
        var kept: [Substring] = []
        kept.reserveCapacity(words.count)
        var changed = false
        for (position, word) in words.enumerated() {
            let letters = word.lowercased().filter(\.isLetter)
            if ["damage", "damaged"].contains(letters), position > 0, causes.contains(cause(of: words[position - 1])) {
                changed = true
                continue
            }
            // "storm-damaged", "water-damaged".
            if let dash = word.firstIndex(of: "-"), ["damage", "damaged"].contains(word[word.index(after: dash)...].lowercased().filter(\.isLetter)),
               causes.contains(word[..<dash].lowercased()) {
                kept.append(word[..<dash])
                changed = true
                continue
            }
            kept.append(word)
        }
        return changed ? kept.joined(separator: " ") : nil
    }

    /// The word before "damage", lowercased, without punctuation.
    private static func cause(of word: Substring) -> String {
        word.lowercased().filter(\.isLetter)
    }

    /// Kinds of loss named before "damage".
    static let causes: Set<String> = ["water", "storm", "fire", "flood", "hail", "smoke", "frost", "wind", "accidental"]

    /// Words that say a claim is made under a policy.
    static let claimWords: Set<String> = [
        "claim", "claims", "claimed", "insurer", "insurance", "insured", "policy", "cover", "adjuster", "assessor",
    ]

    /// Whether `bytes` hold "damage" in any case: the
    /// usual message has none and costs one pass over its bytes.
    private static func mentionsDamage(_ bytes: String.UTF8View) -> Bool {
        let tail = Array("amage".utf8)
        var iterator = bytes.makeIterator()
        var matched = -1
        while let byte = iterator.next() {
            if matched >= 0, byte | 0x20 == tail[matched] {
                matched += 1
                if matched == tail.count { return true }
                continue
            }
            matched = byte | 0x20 == UInt8(ascii: "d") ? 0 : -1
        }
        return false
    }
}
