/// A call that ended with a status other than OK: thrown by handlers to
/// answer with that status, and by clients when the server did.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The status code.
    public var code: StatusCode
    /// A message for developers (sent percent-encoded in `grpc-message`).
    public var message: String
    /// Trailing metadata sent with (or received with) the status.
    public var metadata: Metadata

    /// Creates an error.
    public init(_ code: StatusCode, _ message: String = "", metadata: Metadata = [:]) {
        self.code = code
        self.message = message
        self.metadata = metadata
    }

    public var description: String {
        message.isEmpty ? "\(code)" : "\(code): \(message)"
    }

    /// `INVALID_ARGUMENT` naming the field at fault, as every Baton API answers bad input.
    public static func invalidArgument(field: String, _ reason: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(reason)")
    }
}
