import Foundation
import HandoffCore
import Store
import Wire

/// `handoff.articles` and `handoff.synonyms`: each tenant's knowledge base,
/// searched with Postgres full-text search.
struct ArticleStore: Sendable {
    let pool: PostgresPool

    /// A search hit.
    struct Hit: Sendable {
        var articleID: String
        var title: String
        var url: String
        var snippet: String
        var rank: Double
        var updated: Date
    }

    /// Adds or replaces `articles` and recomputes the tenant's lexeme
    /// statistics, in one transaction; imports of one tenant take turns
    /// (an advisory lock on the tenant), so statistics are never computed
    /// from half of two imports.
    func upsert(tenant: String, _ articles: [HandoffV1.KnowledgeArticle]) async throws {
        try await pool.transaction { session in
            try await session.query("SELECT pg_advisory_xact_lock(hashtext('handoff.articles'), hashtext(\(tenant)))")
            for article in articles {
                let language = SearchLanguage(languageTag: article.language)
                try await session.query("""
                    INSERT INTO handoff.articles (tenant_id, article_id, language, config, title, body, url, tags)
                    VALUES (\(tenant), \(article.articleID), \(article.language), \(language.rawValue)::regconfig, \(article.title),
                        \(article.body), \(article.url), \(article.tags))
                    ON CONFLICT (tenant_id, language, article_id) DO UPDATE SET config = EXCLUDED.config,
                        title = EXCLUDED.title, body = EXCLUDED.body, url = EXCLUDED.url, tags = EXCLUDED.tags, updated_at = now()
                    """)
            }
            try await session.query("DELETE FROM handoff.lexeme_stats WHERE tenant_id = \(tenant)")
            try await session.query("""
                INSERT INTO handoff.lexeme_stats (tenant_id, config, lexeme, documents)
                SELECT \(tenant), a.config, u.lexeme, count(*) FROM handoff.articles a, unnest(a.document) AS u
                WHERE a.tenant_id = \(tenant)
                GROUP BY a.config, u.lexeme
                """)
            try await session.query("DELETE FROM handoff.article_counts WHERE tenant_id = \(tenant)")
            try await session.query("""
                INSERT INTO handoff.article_counts (tenant_id, config, documents)
                SELECT \(tenant), config, count(*) FROM handoff.articles WHERE tenant_id = \(tenant) GROUP BY config
                """)
        }
    }

    /// The lexemes of `text` under `language` with the number of the
    /// tenant's articles holding each (0 for none), and the number of its
    /// articles in that language.
    func documentFrequencies(tenant: String, language: SearchLanguage, text: String) async throws
        -> (terms: [(lexeme: String, documents: Int)], total: Int) {
        let rows = try await pool.query("""
            SELECT l.lexeme, coalesce(s.documents, 0) AS documents,
                coalesce((SELECT documents FROM handoff.article_counts
                          WHERE tenant_id = \(tenant) AND config = \(language.rawValue)::regconfig), 0) AS total
            FROM unnest(tsvector_to_array(to_tsvector(\(language.rawValue)::regconfig, \(text)))) AS l(lexeme)
            LEFT JOIN handoff.lexeme_stats s
                ON s.tenant_id = \(tenant) AND s.config = \(language.rawValue)::regconfig AND s.lexeme = l.lexeme
            """)
        let terms = try rows.map { row in (try row.decode(String.self, "lexeme"), try row.decode(Int.self, "documents")) }
        return (terms, try rows.first?.decode(Int.self, "total") ?? 0)
    }

    /// Articles of `tenant` in `language` holding any (or all) of
    /// `selection`'s lexemes, best first, ranked as `search` ranks; at
    /// most `candidates` matches are ranked (see `TermSelector`).
    func search(tenant: String, language: SearchLanguage, selection: TermSelector.Selection, candidates: Int, tags: [String],
                limit: Int) async throws -> [Hit] {
        guard !selection.lexemes.isEmpty else { return [] }
        let joiner = selection.requireAll ? " & " : " | "
        // The snippet is cut from the few rows kept, not from every candidate ranked.
        return try await pool.query("""
            SELECT r.article_id, r.title, r.url, r.updated_at, left(r.body, 500) AS snippet, r.rank FROM (
                SELECT a.article_id, a.title, a.url, a.updated_at, a.body,
                    ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.document, q.query, 1) AS rank
                FROM (SELECT string_agg(quote_literal(l), \(joiner))::tsquery AS query
                      FROM unnest(\(selection.lexemes)::text[]) AS l) q
                CROSS JOIN LATERAL (
                    SELECT m.article_id, m.title, m.url, m.updated_at, m.body, m.document FROM handoff.articles m
                    WHERE m.document @@ q.query AND m.tenant_id = \(tenant) AND m.config = \(language.rawValue)::regconfig
                      AND m.tags @> \(tags)
                    LIMIT \(candidates)
                ) a
                ORDER BY rank DESC, a.article_id
                LIMIT \(limit)
            ) r ORDER BY r.rank DESC, r.article_id
            """).map(Self.hit)
    }

    static func hit(_ row: PostgresRow) throws -> Hit {
        Hit(articleID: try row.decode(String.self, "article_id"), title: try row.decode(String.self, "title"),
            url: try row.decode(String.self, "url"), snippet: try row.decode(String.self, "snippet"),
            rank: try row.decode(Double.self, "rank"), updated: try row.decode(Date.self, "updated_at"))
    }

    /// Replaces the tenant's synonym groups for `language`.
    func setSynonyms(tenant: String, language: SearchLanguage, groups: [[String]]) async throws {
        let json = String(decoding: try JSONEncoder().encode(groups), as: UTF8.self)
        if groups.isEmpty {
            try await pool.query("DELETE FROM handoff.synonyms WHERE tenant_id = \(tenant) AND language = \(language.rawValue)")
        } else {
            try await pool.query("""
                INSERT INTO handoff.synonyms (tenant_id, language, groups) VALUES (\(tenant), \(language.rawValue), \(PostgresJSON(json)))
                ON CONFLICT (tenant_id, language) DO UPDATE SET groups = EXCLUDED.groups
                """)
        }
    }

    /// The tenant's synonym groups for `language`.
    func synonyms(tenant: String, language: SearchLanguage) async throws -> [[String]] {
        guard let row = try await pool.query("""
            SELECT groups FROM handoff.synonyms WHERE tenant_id = \(tenant) AND language = \(language.rawValue)
            """).first else { return [] }
        return try JSONDecoder().decode([[String]].self, from: Data(try row.decode(PostgresJSON.self, "groups").text.utf8))
    }

    /// Articles of `tenant` matching a text with search operators under
    /// each of `languages`' configurations, best first:
    /// `websearch_to_tsquery` as written, ORed with the synonyms' query
    /// `expansion`, ranked by `ts_rank_cd` with the title (A) weighted 1.0
    /// and the body (B) 0.4, divided by 1 + log(document length).
    func search(tenant: String, languages: [SearchLanguage], query: String, expansion: String, tags: [String], limit: Int)
        async throws -> [Hit] {
        try await pool.query("""
            SELECT a.article_id, a.title, a.url, a.updated_at, left(a.body, 500) AS snippet,
                ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.document, q.query, 1) AS rank
            FROM (
                SELECT c AS config, websearch_to_tsquery(c, \(query)) || websearch_to_tsquery(c, \(expansion)) AS query
                FROM unnest(\(languages.map(\.rawValue))::regconfig[]) AS c
            ) q
            JOIN handoff.articles a ON a.config = q.config
            WHERE a.tenant_id = \(tenant) AND a.document @@ q.query AND a.tags @> \(tags)
            ORDER BY rank DESC, a.article_id
            LIMIT \(limit)
            """).map(Self.hit)
    }
}
