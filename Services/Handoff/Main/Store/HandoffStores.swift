import Store

/// The handoff service's typed stores over one pool: the only place with SQL.
struct HandoffStores: Sendable {
    let packages: PackageStore
    let feedback: FeedbackStore
    let templates: TemplateStore
    let articles: ArticleStore

    init(pool: PostgresPool) {
        packages = PackageStore(pool: pool)
        feedback = FeedbackStore(pool: pool)
        templates = TemplateStore(pool: pool)
        articles = ArticleStore(pool: pool)
    }
}
