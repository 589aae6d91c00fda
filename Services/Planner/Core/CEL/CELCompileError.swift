/// Why a CEL expression was refused before evaluation: a syntax error, a
/// limit exceeded, or a type error against the declared environment.
public struct CELCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The text is not a CEL expression of the subset.
        case syntax
        /// The source, node count or nesting depth is over `CELLimits`.
        case limitExceeded
        /// An identifier is not declared in the environment.
        case undeclaredReference
        /// A function or operator has no overload for the argument types.
        case noMatchingOverload
        /// A message type has no field of that name.
        case undefinedField
        /// An expression has a type where another was required.
        case typeMismatch
        /// A macro is used with the wrong shape of arguments.
        case invalidMacro
        /// A construct outside the subset (message literals, for example).
        case unsupported
    }

    /// The kind of error.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// Where in the expression the error was found.
    public var location: CELSourceLocation

    /// An error of `code` at `location`.
    public init(code: Code, message: String, location: CELSourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// "line:column: code: message".
    public var description: String { "\(location): \(code.rawValue): \(message)" }
}
