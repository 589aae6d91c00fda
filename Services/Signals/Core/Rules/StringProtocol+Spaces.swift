extension StringProtocol where UTF8View.SubSequence == Substring.UTF8View {
    /// The text split on spaces, read as UTF-8 bytes: `split(separator: " ")`
    /// walks grapheme clusters, several times slower, and the rules split
    /// every message they read. A space never joins a grapheme with what
    /// follows it in the texts split here (normalised text, or words).
    func splitOnSpaces(maxSplits: Int = .max) -> [Substring] {
        utf8.split(separator: UInt8(ascii: " "), maxSplits: maxSplits).map { Substring($0) }
    }
}
