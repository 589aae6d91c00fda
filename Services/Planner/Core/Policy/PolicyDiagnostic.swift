/// A problem found in a policy document, with where it is: the path of the
/// offending node (`rules[2].when`) and its 1-based line and column in the
/// document (inside an expression, the position of the token at fault).
public struct PolicyDiagnostic: Sendable, Equatable, Error, CustomStringConvertible {
    /// Whether the problem stops the document from compiling.
    public enum Severity: Sendable {
        /// The document is refused.
        case error
        /// The document compiles; the author should look.
        case warning
    }

    /// Whether the problem stops the document from compiling.
    public var severity: Severity
    /// A stable, kebab-case name of the problem (`unknown-key`, `cel-type`).
    public var code: String
    /// The path of the node at fault, such as `rules[2].when`; empty for the document.
    public var path: String
    /// 1-based line in the document.
    public var line: Int
    /// 1-based column in the document, in Unicode scalars.
    public var column: Int
    /// What is wrong, for the policy author.
    public var message: String

    /// A diagnostic with every field given.
    public init(severity: Severity, code: String, path: String, line: Int, column: Int, message: String) {
        self.severity = severity
        self.code = code
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// "line:column: error: path: message (code)".
    public var description: String {
        "\(line):\(column): \(severity == .error ? "error" : "warning"): \(path.isEmpty ? "" : path + ": ")\(message) (\(code))"
    }
}
