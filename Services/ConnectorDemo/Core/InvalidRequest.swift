/// A request the connector refuses before reading or writing anything: the
/// service answers INVALID_ARGUMENT with ``description`` ("field: why").
public struct InvalidRequest: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Code: String, Hashable, Sendable {
        /// A required field is missing or empty.
        case required
        /// A text field is longer than its limit.
        case tooLong = "too_long"
        /// A value is out of range or malformed.
        case invalid
    }

    /// What is wrong.
    public let code: Code
    /// The field at fault as the `.proto` names it, such as `action.refund.amount`.
    public let field: String
    /// Why, for the caller.
    public let reason: String

    /// An error for `field`.
    public init(_ code: Code, field: String, _ reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
