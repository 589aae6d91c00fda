/// The static type of a CEL expression, as the type checker sees it.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    /// Any type; checked at run time.
    case dyn
    /// The type of `null`.
    case null
    /// `bool`.
    case bool
    /// `int`: signed 64-bit.
    case int
    /// `uint`: unsigned 64-bit.
    case uint
    /// `double`: IEEE 754 binary64.
    case double
    /// `string`: Unicode text.
    case string
    /// `bytes`: an octet sequence.
    case bytes
    /// `google.protobuf.Timestamp`: an instant.
    case timestamp
    /// `google.protobuf.Duration`: a signed span of time.
    case duration
    /// `list(T)`.
    case list(CELType)
    /// `map(K, V)`.
    case map(CELType, CELType)
    /// A message-like object type declared in the environment, by name.
    case object(String)
    /// The type of a type value: `type(T)`.
    case type(CELType)

    /// The CEL spelling of the type, such as `list(string)`.
    public var description: String {
        switch self {
        case .dyn: "dyn"
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .timestamp: "google.protobuf.Timestamp"
        case .duration: "google.protobuf.Duration"
        case .list(let element): "list(\(element))"
        case .map(let key, let value): "map(\(key), \(value))"
        case .object(let name): name
        case .type(let type): "type(\(type))"
        }
    }
}
