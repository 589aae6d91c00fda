import HandoffCore
import Store

/// `handoff.templates`: tenants' own customer-message templates, stored
/// only once `TemplateRenderer` accepted them.
struct TemplateStore: Sendable {
    let pool: PostgresPool

    /// Stores (or replaces) a validated template.
    func set(tenant: String, kind: MessageKind, locale: MessageLocale, template: String) async throws {
        try await pool.query("""
            INSERT INTO handoff.templates (tenant_id, kind, locale, template) VALUES (\(tenant), \(kind.rawValue),
                \(locale.rawValue), \(template))
            ON CONFLICT (tenant_id, kind, locale) DO UPDATE SET template = EXCLUDED.template, updated_at = now()
            """)
    }

    /// Removes an override.
    func remove(tenant: String, kind: MessageKind, locale: MessageLocale) async throws {
        try await pool.query("""
            DELETE FROM handoff.templates WHERE tenant_id = \(tenant) AND kind = \(kind.rawValue) AND locale = \(locale.rawValue)
            """)
    }

    /// The tenant's renderer: the built-in templates with its overrides.
    /// A stored row that no longer parses (a kind's placeholders changed)
    /// is skipped, so the built-in template is used.
    func renderer(for tenant: String) async throws -> TemplateRenderer {
        var renderer = TemplateRenderer()
        for row in try await pool.query("SELECT kind, locale, template FROM handoff.templates WHERE tenant_id = \(tenant)") {
            guard let kind = MessageKind(rawValue: try row.decode(String.self, "kind")),
                  let locale = MessageLocale(rawValue: try row.decode(String.self, "locale")) else { continue }
            try? renderer.setOverride(try row.decode(String.self, "template"), for: kind, locale: locale)
        }
        return renderer
    }
}
