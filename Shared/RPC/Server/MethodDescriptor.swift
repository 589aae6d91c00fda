/// What kind of call a method is, by which sides stream.
public enum MethodKind: Sendable, Hashable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses.
    case serverStreaming
    /// A stream of requests, one response.
    case clientStreaming
    /// Streams both ways.
    case bidirectionalStreaming

    /// Whether the client sends a stream of requests.
    public var clientStreams: Bool { self == .clientStreaming || self == .bidirectionalStreaming }
    /// Whether the server sends a stream of responses.
    public var serverStreams: Bool { self == .serverStreaming || self == .bidirectionalStreaming }
}

/// A method's identity on the wire.
public struct MethodDescriptor: Sendable, Hashable {
    /// The fully qualified service name, such as `baton.router.v1.Router`.
    public var service: String
    /// The method name, such as `Enqueue`.
    public var method: String
    /// The kind of call.
    public var kind: MethodKind
    /// Whether the method may be retried safely (only such methods are retried).
    public var idempotent: Bool

    /// Creates a descriptor.
    public init(service: String, method: String, kind: MethodKind, idempotent: Bool = false) {
        self.service = service
        self.method = method
        self.kind = kind
        self.idempotent = idempotent
    }

    /// The HTTP/2 `:path`, `/service/method`.
    public var path: String { "/\(service)/\(method)" }
}
