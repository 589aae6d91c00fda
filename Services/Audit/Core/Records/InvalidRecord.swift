/// A record the log refuses; the service answers INVALID_ARGUMENT with
/// this field path and reason, and stores nothing.
public struct InvalidRecord: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the field, such as `record.inputs["risk"]`.
    public var field: String
    /// What is wrong with it.
    public var reason: String

    /// An invalid `field` because of `reason`.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// "field: reason".
    public var description: String { "\(field): \(reason)" }
}
