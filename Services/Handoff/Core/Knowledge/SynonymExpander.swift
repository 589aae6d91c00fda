/// A tenant's synonyms applied to a search query: each group of words is
/// one meaning, so a query naming one word of a group also searches for
/// the others. The result is a list of extra query texts; the store ORs
/// each one's `websearch_to_tsquery` with the query's own.
public struct SynonymExpander: Sendable, Hashable {
    /// The groups, each word lower-cased.
    public let groups: [[String]]

    /// An expander over `groups` (empty words and groups of one dropped).
    public init(groups: [[String]]) {
        self.groups = groups.map { group in
            group.map { $0.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
        }.filter { $0.count > 1 }
    }

    /// The synonyms of the words and phrases of `query` that belong to a
    /// group, each synonym once, in group order; phrases of several words
    /// are quoted for `websearch_to_tsquery`.
    public func expansions(of query: String) -> [String] {
        let text = " " + query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" })
            .joined(separator: " ") + " "
        var extra: [String] = []
        for group in groups where group.contains(where: { text.contains(" \($0) ") }) {
            for term in group where !text.contains(" \(term) ") {
                let quoted = term.contains(" ") ? "\"\(term)\"" : term
                if !extra.contains(quoted) { extra.append(quoted) }
            }
        }
        return extra
    }
}
