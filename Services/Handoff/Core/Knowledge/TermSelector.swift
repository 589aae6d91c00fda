/// Which words of a plain search text the store looks for, chosen from their
/// document frequencies in the tenant's articles, so that a search ranks a
/// bounded number of candidates however large the knowledge base.
///
/// A customer's sentence holds common words ("order", "please", "help")
/// that match most of a large knowledge base: ranking every article they
/// match is what makes a search slow, and BM25 gives such words almost no
/// weight anyway (their inverse document frequency is near zero). So:
///
/// - terms found in no article are dropped (they match nothing);
/// - when the rarest term matches at most `budget` articles, the search
///   looks for any of the terms, taken rarest first while the sum of their
///   document frequencies stays within `budget`;
/// - otherwise every term is common, and the search asks for all of the
///   k rarest together, with k the smallest count whose expected matches
///   (total × the product of each term's share, as if independent) fall
///   within `budget`, or every term when none does.
///
/// Estimates can be wrong (terms that go together, or a single term common
/// on its own), so the store also ranks at most `candidateLimit` matches:
/// past that, which matches are ranked is the index's order, not their
/// relevance. That limit binds only when every word of a query is common
/// in a large knowledge base.
public struct TermSelector: Sendable, Hashable {
    /// The words chosen and how they combine.
    public struct Selection: Sendable, Hashable {
        /// Lexemes, rarest first (ties by lexeme).
        public var lexemes: [String]
        /// True: an article must hold all of them; false: any of them.
        public var requireAll: Bool

        /// A selection.
        public init(lexemes: [String], requireAll: Bool) {
            self.lexemes = lexemes
            self.requireAll = requireAll
        }
    }

    /// Most articles the search should rank (estimated).
    public var budget: Int

    /// Most matches the store ranks, whatever the estimate.
    public var candidateLimit: Int { budget * 2 }

    /// A selector; 300 articles by default.
    public init(budget: Int = 300) {
        self.budget = budget
    }

    /// The selection from `terms` with their document frequencies, in a
    /// knowledge base of `total` articles.
    public func select(_ terms: [(lexeme: String, documents: Int)], total: Int) -> Selection {
        var seen: Set<String> = []
        let ordered = terms.filter { $0.documents > 0 && seen.insert($0.lexeme).inserted }
            .sorted { ($0.documents, $0.lexeme) < ($1.documents, $1.lexeme) }
        guard let rarest = ordered.first else { return Selection(lexemes: [], requireAll: false) }
        if rarest.documents <= budget {
            var chosen: [String] = []
            var sum = 0
            for term in ordered where sum + term.documents <= budget {
                chosen.append(term.lexeme)
                sum += term.documents
            }
            return Selection(lexemes: chosen, requireAll: false)
        }
        let size = Double(max(total, rarest.documents))
        var expected = size
        var chosen: [String] = []
        for term in ordered {
            chosen.append(term.lexeme)
            expected *= Double(term.documents) / size
            if expected <= Double(budget) { break }
        }
        return Selection(lexemes: chosen, requireAll: chosen.count > 1)
    }
}
