/// A protobuf value the routing rules cannot use; the service answers it
/// with INVALID_ARGUMENT and this message.
public struct InvalidField: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the field, such as "queue.business_hours.time_zone".
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
