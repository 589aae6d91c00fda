/// A node of a policy document (YAML or JSON) with where it starts: the one
/// tree the compiler reads, whatever the syntax, so that every diagnostic
/// carries a line and a column.
struct PolicyNode: Sendable {
    /// How a scalar was written; the compiler needs it to map an offset in
    /// the scalar's value back to the document.
    enum ScalarStyle: Sendable, Equatable {
        /// `when: a == b`
        case plain
        /// `when: 'a == b'`
        case singleQuoted
        /// `when: "a == b"`
        case doubleQuoted
        /// `when: |` and lines below
        case literal
        /// `when: >` and lines below
        case folded
    }

    /// One key-value pair of a mapping, in document order (repeated keys kept).
    struct Pair: Sendable {
        /// The key node.
        var key: PolicyNode
        /// The value node.
        var value: PolicyNode
    }

    /// The shape of a node.
    indirect enum Content: Sendable {
        /// A scalar's value (after unquoting and folding) and its style.
        case scalar(String, ScalarStyle)
        /// A mapping's pairs.
        case mapping([Pair])
        /// A sequence's items.
        case sequence([PolicyNode])
    }

    /// The node's shape.
    var content: Content
    /// 1-based line of the node's first character (the opening quote or block indicator for scalars).
    var line: Int
    /// 1-based column of the node's first character, in Unicode scalars.
    var column: Int

    /// The scalar's value when the node is a scalar.
    var scalar: String? {
        if case .scalar(let value, _) = content { return value }
        return nil
    }

    /// Whether the node is a plain scalar that YAML 1.2's core schema reads as null.
    var isNull: Bool {
        if case .scalar(let value, .plain) = content { return ["", "~", "null", "Null", "NULL"].contains(value) }
        return false
    }

    /// "a string", "a mapping", …, for messages about a wrong type.
    var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let value, let style):
            guard style == .plain else { return "a string" }
            if isNull { return "null" }
            if ["true", "false", "True", "False", "TRUE", "FALSE"].contains(value) { return "a boolean" }
            if Int(value) != nil { return "an integer" }
            if Double(value) != nil { return "a number" }
            return "a string"
        }
    }
}
