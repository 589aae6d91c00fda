/// A node of a parsed CEL expression, with the scalar offset of the source
/// text it came from.
public struct CELExpr: Sendable {
    /// The shape of a node.
    public indirect enum Kind: Sendable {
        /// A constant.
        case literal(CELValue)
        /// A variable or type name (`customer`, `int`, `google.protobuf.Duration`).
        case identifier(String)
        /// `operand.field`; with `testOnly`, the `has(operand.field)` macro.
        case select(CELExpr, field: String, testOnly: Bool)
        /// An operator or function call; `target` is the receiver of a method call.
        case call(CELFunction, target: CELExpr?, arguments: [CELExpr])
        /// A call of a function the subset does not have: a type error when
        /// checked, a runtime error (which `||` may absorb) when not.
        case undeclaredCall(String, target: CELExpr?, arguments: [CELExpr])
        /// `[a, b]`.
        case list([CELExpr])
        /// `{k: v, ...}`.
        case map([(key: CELExpr, value: CELExpr)])
        /// One of the comprehension macros over `range`.
        case comprehension(CELMacro, variable: String, range: CELExpr, predicate: CELExpr?, transform: CELExpr?)
    }

    /// The node's shape.
    public var kind: Kind
    /// Scalar offset of the node's first token (the operator for binary operators).
    public var offset: Int
    /// Nesting depth of the subtree rooted here (a leaf is 1).
    public var depth: Int

    /// A node of `kind` at `offset`, whose depth is one more than its deepest child.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
        self.depth = 1 + (CELExpr.children(of: kind).map(\.depth).max() ?? 0)
    }

    /// "a.b.c" for a chain of field selections on an identifier, else nil.
    var qualifiedName: String? {
        switch kind {
        case .identifier(let name): name
        case .select(let operand, let field, false): operand.qualifiedName.map { $0 + "." + field }
        default: nil
        }
    }

    /// The direct subexpressions of a node.
    static func children(of kind: Kind) -> [CELExpr] {
        switch kind {
        case .literal, .identifier: []
        case .select(let operand, _, _): [operand]
        case .call(_, let target, let arguments), .undeclaredCall(_, let target, let arguments):
            (target.map { [$0] } ?? []) + arguments
        case .list(let items): items
        case .map(let entries): entries.flatMap { [$0.key, $0.value] }
        case .comprehension(_, _, let range, let predicate, let transform):
            [range] + (predicate.map { [$0] } ?? []) + (transform.map { [$0] } ?? [])
        }
    }
}
