internal import NIOCore
public import Wire

/// One call as its handler task sees it: the request (or a stream of them)
/// decoded with the call's codec, and a sink for the responses, which hops to
/// the loop of the transport that carries the call.
public final class ServerCall: Sendable {
    let context: ServerContext
    let codec: MessageCodec
    let singleRequest: ByteBuffer?
    let requests: AsyncThrowingStream<ByteBuffer, any Error>?
    let sink: any ServerCallSink
    let allocator: ByteBufferAllocator

    init(context: ServerContext, codec: MessageCodec, singleRequest: ByteBuffer?,
         requests: AsyncThrowingStream<ByteBuffer, any Error>?, sink: any ServerCallSink, allocator: ByteBufferAllocator) {
        self.context = context
        self.codec = codec
        self.singleRequest = singleRequest
        self.requests = requests
        self.sink = sink
        self.allocator = allocator
    }

    func decodeSingleRequest<Request: ProtoJSONMessage>(_: Request.Type) throws(RPCError) -> Request {
        try Request.decode(singleRequest ?? ByteBuffer(), codec: codec)
    }

    func frame<Message: ProtoJSONMessage>(_ message: Message) -> ByteBuffer {
        switch codec {
        case .proto:
            var buffer = allocator.buffer(capacity: 5 + message.encodedSize())
            MessageFraming.write(message, to: &buffer)
            return buffer
        case .json:
            return frame(json: message.jsonBytes())
        }
    }

    /// Unary and client-streaming: the response and an OK status in one hop.
    func respond<Response: ProtoJSONMessage>(with response: Response) {
        sink.respond(framed: frame(response), metadata: context.response.snapshot)
    }

    /// Sends one response; waits while the peer is behind by more than the high watermark.
    func send(framed: ByteBuffer) async {
        await sink.send(framed: framed, initialMetadata: context.response.initial)
    }

    /// Ends the call; a nil status is OK (ignored if the call already ended).
    func finish(_ status: RPCError?) {
        sink.finish(status, metadata: context.response.snapshot)
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

extension ProtoJSONMessage {
    /// Decodes a request with `codec`; a JSON error names the field path.
    static func decode(_ buffer: ByteBuffer, codec: MessageCodec) throws(RPCError) -> Self {
        switch codec {
        case .proto:
            return try decode(buffer)
        case .json:
            let result = buffer.withUnsafeReadableBytes { bytes in
                Result { () throws(JSONError) -> Self in try Self(jsonBytes: bytes) }
            }
            switch result {
            case .success(let message): return message
            case .failure(let error): throw RPCError(.invalidArgument, "invalid \(protoMessageName) JSON: \(error)")
            }
        }
    }
}

/// The requests of a client-streaming or bidirectional call, decoded as they arrive.
public struct RequestStream<Message: ProtoJSONMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    let raw: AsyncThrowingStream<ByteBuffer, any Error>
    let codec: MessageCodec

    init(_ raw: AsyncThrowingStream<ByteBuffer, any Error>, codec: MessageCodec) {
        self.raw = raw
        self.codec = codec
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator
        let codec: MessageCodec

        public mutating func next() async throws -> Message? {
            guard let buffer = try await base.next() else { return nil }
            return try Message.decode(buffer, codec: codec)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: raw.makeAsyncIterator(), codec: codec) }
}

/// Sends the responses of a server-streaming or bidirectional call.
public struct ResponseWriter<Message: ProtoJSONMessage>: Sendable {
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
