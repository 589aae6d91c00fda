/// The customer messages of one tenant: the built-in templates per kind
/// and locale, and the tenant's overrides, validated on upload.
///
/// Templates use `{{placeholder}}` (spaces inside the braces allowed); each
/// message kind declares its placeholders (`MessageKind
/// .requiredPlaceholders`, `.optionalPlaceholders`). A template naming a
/// placeholder its kind does not declare, or leaving out a required one, is
/// refused on upload, so a broken template never reaches a customer.
public struct TemplateRenderer: Sendable {
    /// Longest template accepted, in UTF-16 code units: a transition
    /// message is a few sentences, and chat channels cut long ones.
    public static let maximumLength = 2_000

    /// A kind in a locale.
    struct Key: Sendable, Hashable {
        var kind: MessageKind
        var locale: MessageLocale
    }

    private var overrides: [Key: MessageTemplate] = [:]

    /// The built-in templates and no overrides.
    public init() {}

    /// Every error in `template` for `kind`: unknown placeholders, invalid
    /// names and unbalanced braces with their offsets (UTF-16 code units),
    /// in template order, then the required placeholders it leaves out.
    /// Empty when the template is valid.
    public static func validate(template: String, kind: MessageKind) -> [TemplateError] {
        TemplateParser.parse(template, kind: kind).errors
    }

    /// Uses `template` for `kind` in `locale` from now on, if it is valid.
    public mutating func setOverride(_ template: String, for kind: MessageKind, locale: MessageLocale) throws(TemplateRejection) {
        let parsed = TemplateParser.parse(template, kind: kind)
        guard parsed.errors.isEmpty else { throw TemplateRejection(kind: kind, locale: locale, errors: parsed.errors) }
        overrides[Key(kind: kind, locale: locale)] = MessageTemplate(kind: kind, source: template, segments: parsed.segments)
    }

    /// Goes back to the built-in template for `kind` in `locale`.
    public mutating func removeOverride(for kind: MessageKind, locale: MessageLocale) {
        overrides[Key(kind: kind, locale: locale)] = nil
    }

    /// The template used for `kind` in `locale`: the tenant's, else the
    /// built-in one.
    public func template(for kind: MessageKind, locale: MessageLocale) -> MessageTemplate {
        overrides[Key(kind: kind, locale: locale)] ?? Self.builtIn(kind, locale)
    }

    /// The message of `kind` for a customer writing in `languageTag` (BCP
    /// 47; English when no template is in that language), with `values`.
    public func render(_ kind: MessageKind, languageTag: String, values: [Placeholder: String]) throws(TemplateError) -> RenderedMessage {
        let locale = MessageLocale.resolve(languageTag)
        let key = Key(kind: kind, locale: locale)
        let text = try template(for: kind, locale: locale).render(values)
        return RenderedMessage(text: text, locale: locale, fromOverride: overrides[key] != nil)
    }

    /// `template` for `kind` with `values`; throws the first validation
    /// error, or `missingValue`.
    public static func render(template: String, kind: MessageKind, values: [Placeholder: String]) throws(TemplateError) -> String {
        try MessageTemplate(template, kind: kind).render(values)
    }

    /// The built-in template, parsed. The defaults are checked by tests
    /// (every one valid in every locale), so their errors are not looked at
    /// here.
    static func builtIn(_ kind: MessageKind, _ locale: MessageLocale) -> MessageTemplate {
        let source = DefaultTemplates.source(for: kind, locale: locale)
        return MessageTemplate(kind: kind, source: source, segments: TemplateParser.parse(source, kind: kind).segments)
    }
}
