/// A CEL runtime error. Errors are values in CEL: `&&`, `||`, `?:` and the
/// `all`/`exists` macros can absorb them, and an unabsorbed one becomes the
/// result of the evaluation. Nothing in evaluation traps.
public struct CELEvalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of runtime error.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Integer overflow, or a conversion or timestamp out of range.
        case overflow
        /// Division or modulus by zero.
        case divideByZero
        /// A map has no entry for the key.
        case noSuchKey
        /// An object has no field of that name.
        case noSuchField
        /// A list index outside the list.
        case indexOutOfRange
        /// No function overload applies to the runtime argument types.
        case noSuchOverload
        /// A variable has no binding in the activation.
        case unboundVariable
        /// A malformed argument: a bad timestamp, duration, regex or number.
        case invalidArgument
        /// A map literal repeats a key.
        case duplicateKey
        /// The evaluation ran out of its step budget.
        case budgetExceeded
    }

    /// The kind of error.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// Scalar offset of the node that failed, when known.
    public var offset: Int?

    /// An error of `code`.
    public init(code: Code, message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// "code: message".
    public var description: String { "\(code.rawValue): \(message)" }
}
