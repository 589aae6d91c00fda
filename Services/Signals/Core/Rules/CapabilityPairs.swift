/// Capability limits found as words that occur together
/// (``Lexicons/capabilityPairs``): every message is read once, whatever the
/// number of pairs, and a message with no word of any pair costs one set
/// lookup per word.
struct CapabilityPairs: Sendable {
    /// Words of a pair may stand this far apart, by default.
    static let window = 8
    /// The window of pairs of three sets that tell one thing across a
    /// sentence or two (``Lexicons/spreadCapabilityPairs``).
    static let spreadWindow = 16

    /// Words of a pair may stand this far apart.
    let window: Int
    private let pairs: [(name: String, sets: [Set<String>])]
    /// For each word of any pair, the (pair, set) positions it belongs to.
    private let memberships: [String: [(pair: Int, set: Int)]]

    /// Creates the matcher for `pairs`, their words at most `window` apart.
    init(_ pairs: [(name: String, sets: [Set<String>])] = Lexicons.capabilityPairs, window: Int = Self.window) {
        self.pairs = pairs
        self.window = window
        var memberships: [String: [(pair: Int, set: Int)]] = [:]
        for (pair, entry) in pairs.enumerated() {
            for (set, words) in entry.sets.enumerated() {
                for word in words { memberships[word, default: []].append((pair, set)) }
            }
        }
        self.memberships = memberships
    }

    /// French articles and pronouns elided before a vowel.
    static let elisions = ["l'", "d'", "j'", "m'", "n'", "s'", "c'", "qu'"]

    /// The word after a French elided article or pronoun ("d'odeur" → "odeur", "l'insuline" → "insuline").
    static func elided(_ word: Substring) -> Substring? {
        guard let elision = elisions.first(where: { word.hasPrefix($0) && word.count > $0.count }) else { return nil }
        return word.dropFirst(elision.count)
    }

    /// For each pair found in `text` (normalised), its name and evidence:
    /// a word of its first set with a word of each other set within
    /// `window` words, as "first … second …".
    func find(inNormalized text: String) -> [String: String] {
        let words = text.splitOnSpaces()
        // Positions of the words of each (pair, set), in order; nothing allocated for a message with none.
        var positions: [Int: [[Int]]] = [:]
        for (position, word) in words.enumerated() {
            // "My daughter's course": a word counts with its possessive; "une drôle d'odeur": with its elided article.
            guard let found = memberships[String(word)]
                    ?? (word.hasSuffix("'s") ? memberships[String(word.dropLast(2))] : nil)
                    ?? Self.elided(word).flatMap({ memberships[String($0)] }) else { continue }
            for (pair, set) in found {
                positions[pair, default: Array(repeating: [], count: pairs[pair].sets.count)][set].append(position)
            }
        }
        var evidence: [String: String] = [:]
        // In the lists' order, the first pair of a name giving its evidence: the same answer on every run.
        for pair in positions.keys.sorted() {
            let sets = positions[pair]!
            guard sets.allSatisfy({ !$0.isEmpty }), evidence[pairs[pair].name] == nil else { continue }
            for anchor in sets[0] {
                let others = sets.dropFirst().map { $0.first { abs($0 - anchor) <= window } }
                guard others.allSatisfy({ $0 != nil }) else { continue }
                evidence[pairs[pair].name] = ([anchor] + others.map { $0! }).map { String(words[$0]) }.joined(separator: " … ")
                break
            }
        }
        return evidence
    }
}
