import Foundation

/// Finds phrases in customer text, case- and accent-insensitively, on word
/// boundaries: "Let me TALK to a person!" matches "talk to a person", and
/// "Hablar con un agente" matches "hablar con un agente".
public struct PhraseMatcher: Sendable {
    private let phrases: [(normalized: String, original: String)]

    /// Creates a matcher for `phrases`.
    public init(_ phrases: [String]) {
        self.phrases = phrases.map { (Self.normalize($0), $0) }
    }

    /// Lower case, accents folded, punctuation turned into single spaces,
    /// padded with spaces so phrases match on word boundaries.
    public static func normalize(_ text: String) -> String {
        var out = " "
        var lastWasSpace = true
        for scalar in text.lowercased().decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "'" {
                out.unicodeScalars.append(scalar == "’" ? "'" : scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                out += " "
                lastWasSpace = true
            }
        }
        if !lastWasSpace { out += " " }
        return out
    }

    /// The phrases that occur in `text` (already normalised with ``normalize(_:)``).
    public func matches(inNormalized text: String) -> [String] {
        phrases.filter { text.contains(" \($0.normalized.trimmingSpaces) ") }.map(\.original)
    }

    /// The phrases that occur in `text` (already normalised) other than
    /// right after a negation: with `negations` ["no", "don't"] and a
    /// `window` of 3 words, "no need to call me back" does not match "call
    /// me back", while "can you call me back" does.
    public func matches(inNormalized text: String, unlessAfter negations: Set<String>, window: Int) -> [String] {
        phrases.filter { phrase in
            let needle = " \(phrase.normalized.trimmingSpaces) "
            var searchStart = text.startIndex
            while let found = text.range(of: needle, range: searchStart..<text.endIndex) {
                let before = text[..<found.lowerBound].split(separator: " ").suffix(window)
                if !before.contains(where: { negations.contains(String($0)) }) { return true }
                searchStart = text.index(after: found.lowerBound)
            }
            return false
        }.map(\.original)
    }

    /// The phrases that occur in `text`.
    public func matches(in text: String) -> [String] {
        matches(inNormalized: Self.normalize(text))
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var slice = self[...]
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return slice
    }
}
