import API
import HandoffCore
import RPC
import Wire

extension HandoffService {
    func searchKnowledge(_ request: HandoffV1.SearchKnowledgeRequest, context: ServerContext) async throws
        -> HandoffV1.SearchKnowledgeResponse {
        try HandoffValidation.validate(request)
        let limit = request.maxResults == 0 ? 10 : Int(request.maxResults)
        let articles = try await search(tenant: request.tenantID, query: request.query, language: request.language,
                                        tags: request.tags, limit: limit)
        return .with { $0.articles = articles }
    }

    /// The tenant's articles for `query` in `language` (empty: every
    /// language), with the tenant's synonyms.
    func search(tenant: String, query: String, language: String, tags: [String], limit: Int) async throws
        -> [HandoffV1.KnowledgeArticleRef] {
        let languages = language.isEmpty ? SearchLanguage.allCases : [SearchLanguage(languageTag: language)]
        var expansions: [String] = []
        for searchLanguage in languages {
            let groups = try await synonyms(tenant: tenant, language: searchLanguage)
            expansions += SynonymExpander(groups: groups).expansions(of: query)
        }
        var hits: [ArticleStore.Hit]
        if KnowledgeQuery.matchesAnyWord(query) {
            // A plain text: its rarest words (and their synonyms') in each language, best ranks overall.
            hits = []
            let text = ([query] + expansions.map { $0.replacingOccurrences(of: "\"", with: "") }).joined(separator: " ")
            for searchLanguage in languages {
                let (terms, total) = try await stores.articles.documentFrequencies(tenant: tenant, language: searchLanguage,
                                                                                    text: text)
                let selector = TermSelector()
                hits += try await stores.articles.search(tenant: tenant, language: searchLanguage,
                                                         selection: selector.select(terms, total: total),
                                                         candidates: selector.candidateLimit, tags: tags, limit: limit)
            }
            hits = Array(hits.sorted { ($0.rank, $1.articleID) > ($1.rank, $0.articleID) }.prefix(limit))
        } else {
            hits = try await stores.articles.search(tenant: tenant, languages: languages, query: query,
                                                    expansion: expansions.joined(separator: " or "), tags: tags, limit: limit)
        }
        return hits.map { hit in
            .with {
                $0.articleID = hit.articleID
                $0.title = hit.title
                $0.url = hit.url
                $0.snippet = hit.snippet
                $0.relevance = hit.rank / (hit.rank + 1)
                $0.updateTime = GoogleProtobuf.Timestamp(date: hit.updated)
            }
        }
    }

    func importArticles(_ request: HandoffV1.ImportArticlesRequest, context: ServerContext) async throws
        -> HandoffV1.ImportArticlesResponse {
        try HandoffValidation.validate(request)
        try await stores.articles.upsert(tenant: request.tenantID, request.articles)
        return .with { $0.imported = UInt32(request.articles.count) }
    }

    func setSynonyms(_ request: HandoffV1.SetSynonymsRequest, context: ServerContext) async throws -> HandoffV1.SetSynonymsResponse {
        guard !request.tenantID.isEmpty else { throw RPCError.invalidArgument(field: "tenant_id", "required") }
        guard !request.language.isEmpty else { throw RPCError.invalidArgument(field: "language", "required") }
        for (index, group) in request.groups.enumerated() where group.terms.count < 2 || group.terms.contains(where: \.isEmpty) {
            throw RPCError.invalidArgument(field: "groups[\(index)].terms", "needs at least two non-empty terms")
        }
        let groups = request.groups.map(\.terms)
        let language = SearchLanguage(languageTag: request.language)
        try await stores.articles.setSynonyms(tenant: request.tenantID, language: language, groups: groups)
        synonymCache.withLock { $0["\(request.tenantID)\u{0}\(language.rawValue)"] = (groups, .now) }
        return .with { $0.groups = UInt32(groups.count) }
    }

    /// The tenant's synonym groups for `language`, from the cache when fresh.
    func synonyms(tenant: String, language: SearchLanguage) async throws -> [[String]] {
        let key = "\(tenant)\u{0}\(language.rawValue)"
        if let cached = synonymCache.withLock({ $0[key] }), ContinuousClock.now - cached.loaded < Self.cacheLifetime {
            return cached.groups
        }
        let groups = try await stores.articles.synonyms(tenant: tenant, language: language)
        synonymCache.withLock { $0[key] = (groups, .now) }
        return groups
    }
}
