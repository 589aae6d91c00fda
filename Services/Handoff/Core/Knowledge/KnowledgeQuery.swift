/// How a search text is matched: `websearch_to_tsquery` ANDs every word,
/// which suits a user typing keywords with operators but finds nothing for
/// a customer's whole sentence. A text without operators (no quotes, no
/// leading "-", no "or") is matched on the words `TermSelector` picks from
/// it, and ranking does the rest; a text with operators keeps their
/// meaning.
public enum KnowledgeQuery {
    /// True when `text` is plain: its words are picked by `TermSelector`.
    public static func matchesAnyWord(_ text: String) -> Bool {
        if text.contains("\"") { return false }
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        return !words.contains { $0.hasPrefix("-") || $0 == "or" }
    }

    /// `text` with the search operators taken out (quotes, a leading "-",
    /// the word "or"), for searching with a customer's own words, which may
    /// hold them by chance ("call me or write").
    public static func plainWords(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\"" })
            .map { $0.drop(while: { $0 == "-" }) }
            .filter { !$0.isEmpty && $0.lowercased() != "or" }
            .joined(separator: " ")
    }
}
