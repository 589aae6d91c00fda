/// A tenant's template refused on upload, with every error found in it, so
/// that the tenant fixes them in one go.
public struct TemplateRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message kind the template was for.
    public var kind: MessageKind
    /// Its locale.
    public var locale: MessageLocale
    /// The errors, in template order, missing placeholders last.
    public var errors: [TemplateError]

    /// A rejection.
    public init(kind: MessageKind, locale: MessageLocale, errors: [TemplateError]) {
        self.kind = kind
        self.locale = locale
        self.errors = errors
    }

    /// "transition.specialist (es): unknown_placeholder {{x}} at offset 3; …".
    public var description: String {
        "\(kind.rawValue) (\(locale.rawValue)): " + errors.map(\.description).joined(separator: "; ")
    }
}
