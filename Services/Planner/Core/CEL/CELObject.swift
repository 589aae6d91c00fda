/// An instance of a message-like object type: its type name and the fields
/// that are set. `has(o.f)` is true for the fields present here.
public struct CELObject: Sendable, Equatable {
    /// The declared type name, such as `baton.Customer`.
    public var typeName: String
    /// The fields that are set, by name.
    public var fields: [String: CELValue]

    /// An object of type `typeName` with `fields` set.
    public init(typeName: String, fields: [String: CELValue]) {
        self.typeName = typeName
        self.fields = fields
    }
}
