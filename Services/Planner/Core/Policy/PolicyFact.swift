/// An input field a decision used, with its value rendered as CEL source
/// (`action.amount_minor` = `12500`, `action.currency` = `"EUR"`).
public struct PolicyFact: Sendable, Equatable, Codable {
    /// The field's path in the input schema, or `variables.<name>`.
    public var path: String
    /// The value, in CEL literal syntax.
    public var value: String

    /// A fact of `path` with `value`.
    public init(path: String, value: String) {
        self.path = path
        self.value = value
    }
}
