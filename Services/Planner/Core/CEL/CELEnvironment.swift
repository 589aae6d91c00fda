/// The declarations an expression is checked against: variables with their
/// types, and the message-like object types they refer to, each with named,
/// typed fields.
///
/// ```swift
/// var env = CELEnvironment()
/// env.declareObject("baton.Customer", fields: ["tier": .string, "tenure_days": .int])
/// env.declareVariable("customer", .object("baton.Customer"))
/// ```
public struct CELEnvironment: Sendable, Hashable {
    /// Variables by name.
    public var variables: [String: CELType]
    /// Object types by name: field name to field type.
    public var objectTypes: [String: [String: CELType]]

    /// An environment with the given declarations.
    public init(variables: [String: CELType] = [:], objectTypes: [String: [String: CELType]] = [:]) {
        self.variables = variables
        self.objectTypes = objectTypes
    }

    /// Declares (or redeclares) variable `name` of `type`.
    public mutating func declareVariable(_ name: String, _ type: CELType) {
        variables[name] = type
    }

    /// Declares (or redeclares) object type `name` with `fields`.
    public mutating func declareObject(_ name: String, fields: [String: CELType]) {
        objectTypes[name] = fields
    }
}
