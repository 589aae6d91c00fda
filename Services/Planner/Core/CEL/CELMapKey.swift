/// A map key. Strings compare by code points (not by Swift's canonical
/// equivalence), as CEL requires.
public enum CELMapKey: Sendable, Hashable, CustomStringConvertible {
    /// A `bool` key.
    case bool(Bool)
    /// An `int` key.
    case int(Int64)
    /// A `uint` key.
    case uint(UInt64)
    /// A `string` key.
    case string(String)

    /// The key as a value.
    public var value: CELValue {
        switch self {
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .uint(let u): .uint(u)
        case .string(let s): .string(s)
        }
    }

    /// The key for `value`, or nil when its type cannot be a map key.
    public init?(_ value: CELValue) {
        switch value {
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }

    /// Code-point equality for strings.
    public static func == (lhs: CELMapKey, rhs: CELMapKey) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.uint(let a), .uint(let b)): a == b
        case (.string(let a), .string(let b)): a.utf8.elementsEqual(b.utf8)
        default: false
        }
    }

    /// Hashes strings by their UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .bool(let b): hasher.combine(0); hasher.combine(b)
        case .int(let i): hasher.combine(1); hasher.combine(i)
        case .uint(let u): hasher.combine(2); hasher.combine(u)
        case .string(let s): hasher.combine(3); for byte in s.utf8 { hasher.combine(byte) }
        }
    }

    /// The key as CEL source.
    public var description: String { value.description }
}
