import NIOCore
public import Wire

/// One call on one connection, as the calling task sees it.
final class ClientCall: Sendable {
    let connection: ClientConnectionHandler.LoopBound
    let events = ClientCallEvents()
    let allocator: ByteBufferAllocator

    /// Opens the call on its connection's loop. `request` (framed), when given, is queued in the same turn
    /// as the headers, so HEADERS and DATA leave in one write; `end` then ends the request side too.
    init(connection: ClientConnectionHandler.LoopBound, method: MethodDescriptor, options: CallOptions,
         allocator: ByteBufferAllocator, request: ByteBuffer? = nil, end: Bool = false) {
        self.connection = connection
        self.allocator = allocator
        let events = events
        let timeout = options.effectiveTimeout
        let metadata = options.metadata
        connection.run { handler in
            if let timeout, timeout <= .zero {
                events.yield(.end(RPCError(.deadlineExceeded, "deadline exceeded before the call started"),
                                  trailers: Metadata()))
                events.finish()
                return
            }
            guard let id = handler.open(method, metadata: metadata, timeout: timeout, events: events) else { return }
            events.streamID = id
            if let request { handler.send(streamID: id, framed: request, end: end) }
        }
    }

    /// `message`, encoded and framed.
    static func frame<Message: ProtoMessage>(_ message: Message, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5 + message.encodedSize())
        MessageFraming.write(message, to: &buffer)
        return buffer
    }

    /// Frames a message already encoded.
    static func frame(encoded: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5 + encoded.readableBytes)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(encoded.readableBytes))
        buffer.writeImmutableBuffer(encoded)
        return buffer
    }

    func send(_ framed: ByteBuffer, end: Bool) {
        let events = events
        connection.run { handler in
            guard let id = events.streamID else { return }
            handler.send(streamID: id, framed: framed, end: end)
        }
    }

    func finishSending() {
        let events = events
        connection.run { handler in
            guard let id = events.streamID else { return }
            handler.finishSending(streamID: id)
        }
    }

    func cancel(_ status: RPCError = RPCError(.cancelled, "cancelled by the client")) {
        let events = events
        connection.run { handler in
            guard let id = events.streamID else { return }
            handler.cancel(streamID: id, status: status)
        }
    }
}

/// The responses of a server-streaming or bidirectional call, decoded (or,
/// for a proxy, passed through as their encodings). Iterating ends normally
/// on an OK status and throws ``RPCError`` on any other.
public struct ClientResponseStream<Message: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Message
    let call: ClientCall
    let decode: @Sendable (ByteBuffer) throws(RPCError) -> Message

    init(call: ClientCall, decode: @escaping @Sendable (ByteBuffer) throws(RPCError) -> Message) {
        self.call = call
        self.decode = decode
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let call: ClientCall
        let decode: @Sendable (ByteBuffer) throws(RPCError) -> Message

        public mutating func next() async throws -> Message? {
            while let event = await call.events.next() {
                switch event {
                case .headers:
                    continue
                case .message(let buffer):
                    do {
                        return try decode(buffer)
                    } catch {
                        call.cancel()
                        throw RPCError(.internal, "cannot decode the response: \(error.message)")
                    }
                case .end(let status, let trailers):
                    if var status {
                        status.metadata = trailers
                        throw status
                    }
                    return nil
                }
            }
            // The stream ended without an end event: the task was cancelled.
            throw RPCError(.cancelled, "the call was cancelled")
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(call: call, decode: decode)
    }
}

/// Sends the requests of a client-streaming or bidirectional call.
public struct RequestSender<Message: ProtoMessage>: Sendable {
    let call: ClientCall

    /// Sends one request.
    public func send(_ message: Message) async throws {
        try Task.checkCancellation()
        call.send(ClientCall.frame(message, allocator: call.allocator), end: false)
    }

    /// Ends the request stream; the server sees END_STREAM.
    public func finish() {
        call.finishSending()
    }
}
