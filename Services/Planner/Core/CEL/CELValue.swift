/// A CEL runtime value.
///
/// `==` on `CELValue` is structural (the same case and contents; maps
/// compare regardless of order, NaN equals nothing); CEL's own equality,
/// which also equates `1`, `1u` and `1.0`, is `CELValue.celEquals(_:_:)`.
public enum CELValue: Sendable, Equatable, CustomStringConvertible {
    /// `null`.
    case null
    /// A `bool`.
    case bool(Bool)
    /// An `int`.
    case int(Int64)
    /// A `uint`.
    case uint(UInt64)
    /// A `double`.
    case double(Double)
    /// A `string`.
    case string(String)
    /// A `bytes` value.
    case bytes([UInt8])
    /// A `list`.
    case list([CELValue])
    /// A `map`.
    case map(CELMap)
    /// An instance of a message-like object type.
    case object(CELObject)
    /// A `google.protobuf.Timestamp`.
    case timestamp(CELTimestamp)
    /// A `google.protobuf.Duration`.
    case duration(CELDuration)
    /// A type value, by its runtime name (`int`, `list`, `google.protobuf.Duration`).
    case type(String)

    /// The runtime type name, as `type(x)` gives it.
    public var typeName: String {
        switch self {
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .object(let object): object.typeName
        case .timestamp: "google.protobuf.Timestamp"
        case .duration: "google.protobuf.Duration"
        case .type: "type"
        }
    }

    /// A debugging rendering, close to CEL source syntax.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d): return CELValue.format(double: d)
        case .string(let s): return CELValue.quote(s)
        case .bytes(let b): return "b\"" + b.map { b in
                (0x20..<0x7F).contains(b) && b != 0x22 && b != 0x5C
                    ? String(UnicodeScalar(b)) : "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
            }.joined() + "\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let map): return "{" + map.entries.map { "\($0.key.value): \($0.value)" }.joined(separator: ", ") + "}"
        case .object(let object):
            return object.typeName + "{" + object.fields.sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp(\"\(t)\")"
        case .duration(let d): return "duration(\"\(d)\")"
        case .type(let name): return name
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Structural equality; see the type's documentation.
    public static func == (lhs: CELValue, rhs: CELValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.type(let a), .type(let b)): return a == b
        default: return false
        }
    }
}
