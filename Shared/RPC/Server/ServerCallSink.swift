public import NIOCore

/// Where one call's responses go. The handler task drives the call through
/// ``ServerCall``; the sink hops to the loop that owns the transport and
/// hands the responses to its protocol state (an HTTP/2 stream of
/// ``ServerConnection``, which speaks gRPC, Connect or gRPC-Web, or the
/// ``WebCall`` of an HTTP/1.1 request).
///
/// Responses arrive framed (1 flag byte, 4 length bytes, the encoded
/// message), the way gRPC, gRPC-Web and Connect streaming send them; Connect
/// unary drops the prefix.
public protocol ServerCallSink: Sendable {
    /// Queues one framed response; returns when the writer may go on (it waits
    /// while the peer is too far behind).
    func send(framed: ByteBuffer, initialMetadata: Metadata) async

    /// Queues a single response and the OK status in one hop (unary and client streaming).
    func respond(framed: ByteBuffer, metadata: ResponseMetadataSnapshot)

    /// Ends the call; a nil status is OK. Ignored if the call already ended.
    func finish(_ status: RPCError?, metadata: ResponseMetadataSnapshot)
}

/// The response metadata a handler set, as values.
public struct ResponseMetadataSnapshot: Hashable, Sendable {
    /// Sent with the response headers.
    public var initial: Metadata
    /// Sent with the status.
    public var trailing: Metadata

    /// Creates a snapshot.
    public init(initial: Metadata = Metadata(), trailing: Metadata = Metadata()) {
        self.initial = initial
        self.trailing = trailing
    }
}
