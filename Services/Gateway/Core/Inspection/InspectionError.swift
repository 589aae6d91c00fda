/// Why a request (or the API's descriptors) could not be inspected.
public struct InspectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// The request bytes are not a valid encoding of the request message (INVALID_ARGUMENT).
        case malformedRequest
        /// A descriptor the gateway was built with is unreadable (a start-up failure).
        case badDescriptor
        /// The request type is not in the catalogue (a start-up failure).
        case unknownMessage
    }

    /// The kind of failure.
    public var code: Code
    /// What was wrong, naming the field where there is one.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
