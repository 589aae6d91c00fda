/// A call that ended with a status other than OK: thrown by handlers to
/// answer with that status, and by clients when the server did.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The status code.
    public var code: StatusCode
    /// A message for developers (sent percent-encoded in `grpc-message`).
    public var message: String
    /// Trailing metadata sent with (or received with) the status.
    public var metadata: Metadata
    /// Set by the client when the server never started the call (a refused stream,
    /// a stream above a GOAWAY's last stream id, a connection closing before the
    /// stream opened): any method may then be retried transparently, as gRPC does.
    package var unprocessed = false

    /// Creates an error.
    public init(_ code: StatusCode, _ message: String = "", metadata: Metadata = [:]) {
        self.code = code
        self.message = message
        self.metadata = metadata
    }

    public var description: String {
        message.isEmpty ? "\(code)" : "\(code): \(message)"
    }

    /// UNAVAILABLE for a call the server never started.
    package static func unprocessed(_ message: String) -> RPCError {
        var error = RPCError(.unavailable, message)
        error.unprocessed = true
        return error
    }

    /// `INVALID_ARGUMENT` naming the field at fault, as every Baton API answers bad input.
    public static func invalidArgument(field: String, _ reason: String) -> RPCError {
        RPCError(.invalidArgument, "\(field): \(reason)")
    }
}
