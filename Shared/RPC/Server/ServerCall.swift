internal import NIOCore
public import Wire

/// One call as its handler task sees it: the request (or a stream of them)
/// and a way to send responses, which hops to the connection's event loop.
public final class ServerCall: Sendable {
    let streamID: Int32
    let context: ServerContext
    let singleRequest: ByteBuffer?
    let requests: AsyncThrowingStream<ByteBuffer, any Error>?
    let connection: ServerConnectionHandler.LoopBound
    let allocator: ByteBufferAllocator

    init(streamID: Int32, context: ServerContext, singleRequest: ByteBuffer?,
         requests: AsyncThrowingStream<ByteBuffer, any Error>?,
         connection: ServerConnectionHandler.LoopBound, allocator: ByteBufferAllocator) {
        self.streamID = streamID
        self.context = context
        self.singleRequest = singleRequest
        self.requests = requests
        self.connection = connection
        self.allocator = allocator
    }

    func decodeSingleRequest<Request: ProtoMessage>(_: Request.Type) throws(RPCError) -> Request {
        try Request.decode(singleRequest ?? ByteBuffer())
    }

    func frame<Message: ProtoMessage>(_ message: Message) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5 + message.encodedSize())
        MessageFraming.write(message, to: &buffer)
        return buffer
    }

    /// Unary and client-streaming: the response and an OK status in one hop.
    func respond<Response: ProtoMessage>(with response: Response) {
        let framed = frame(response)
        let metadata = context.response
        let streamID = streamID
        connection.run { handler in
            handler.send(streamID: streamID, framed: framed, initialMetadata: metadata.initial)
            handler.finish(streamID: streamID, status: nil, trailingMetadata: metadata.trailing)
        }
    }

    /// Sends one response; waits while the peer is behind by more than the high watermark.
    func send(framed: ByteBuffer) async {
        let metadata = context.response
        let streamID = streamID
        let connection = connection
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            connection.run { handler in
                if handler.send(streamID: streamID, framed: framed, initialMetadata: metadata.initial) {
                    handler.park(streamID: streamID, continuation)
                } else {
                    continuation.resume()
                }
            }
        }
    }

    /// Ends the call; a nil status is OK (ignored if the call already ended).
    func finish(_ status: RPCError?) {
        let metadata = context.response
        let streamID = streamID
        connection.run { handler in
            handler.finish(streamID: streamID, status: status, trailingMetadata: metadata.trailing)
        }
    }
}

extension ProtoMessage {
    /// Decodes a request or response message, mapping codec errors to
    /// `INVALID_ARGUMENT` that names the field.
    static func decode(_ buffer: ByteBuffer) throws(RPCError) -> Self {
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(WireError) -> Self in try Self(serializedBytes: bytes) }
        }
        switch result {
        case .success(let message): return message
        case .failure(let error): throw RPCError(.invalidArgument, "malformed \(protoMessageName): \(error)")
        }
    }
}

/// The requests of a client-streaming or bidirectional call, decoded as they arrive.
public struct RequestStream<Message: ProtoMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    let raw: AsyncThrowingStream<ByteBuffer, any Error>

    init(_ raw: AsyncThrowingStream<ByteBuffer, any Error>) { self.raw = raw }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator

        public mutating func next() async throws -> Message? {
            guard let buffer = try await base.next() else { return nil }
            return try Message.decode(buffer)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: raw.makeAsyncIterator()) }
}

/// Sends the responses of a server-streaming or bidirectional call.
public struct ResponseWriter<Message: ProtoMessage>: Sendable {
    let call: ServerCall

    /// Sends one response (the response headers go first, with the initial
    /// metadata). Suspends while the client is more than about 1 MiB behind,
    /// so a slow reader slows the handler instead of filling memory.
    public func write(_ message: Message) async throws {
        try Task.checkCancellation()
        await call.send(framed: call.frame(message))
        try Task.checkCancellation()
    }
}
