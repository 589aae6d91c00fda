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

    /// Adds or replaces `articles` in one transaction.
    func upsert(tenant: String, _ articles: [HandoffV1.KnowledgeArticle]) async throws {
        try await pool.transaction { session in
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
        }
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

    /// Articles of `tenant` matching `query` under each of `languages`'
    /// configurations, best first: `websearch_to_tsquery` (its words ORed
    /// when `anyWord`), ORed with the synonyms' query `expansion`, ranked by
    /// `ts_rank_cd` with the title (A) weighted 1.0 and the body (B) 0.4,
    /// divided by 1 + log(document length).
    func search(tenant: String, languages: [SearchLanguage], query: String, anyWord: Bool, expansion: String,
                tags: [String], limit: Int) async throws -> [Hit] {
        try await pool.query("""
            SELECT a.article_id, a.title, a.url, a.updated_at, left(a.body, 500) AS snippet,
                ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.document, q.query, 1) AS rank
            FROM (
                SELECT c AS config,
                    CASE WHEN \(anyWord) THEN replace(websearch_to_tsquery(c, \(query))::text, ' & ', ' | ')::tsquery
                         ELSE websearch_to_tsquery(c, \(query)) END
                    || websearch_to_tsquery(c, \(expansion)) AS query
                FROM unnest(\(languages.map(\.rawValue))::regconfig[]) AS c
            ) q
            JOIN handoff.articles a ON a.config = q.config
            WHERE a.tenant_id = \(tenant) AND a.document @@ q.query AND a.tags @> \(tags)
            ORDER BY rank DESC, a.article_id
            LIMIT \(limit)
            """).map { row in
            Hit(articleID: try row.decode(String.self, "article_id"), title: try row.decode(String.self, "title"),
                url: try row.decode(String.self, "url"), snippet: try row.decode(String.self, "snippet"),
                rank: try row.decode(Double.self, "rank"), updated: try row.decode(Date.self, "updated_at"))
        }
    }
}
