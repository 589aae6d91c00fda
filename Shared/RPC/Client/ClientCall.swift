import NIOCore
public import Wire

/// One call on one connection, as the calling task sees it.
final class ClientCall: Sendable {
    let connection: ClientConnectionHandler.LoopBound
    let events: AsyncStream<ClientCallEvent>
    let streamID: NIOLoopBoundBox<Int32?>
    let allocator: ByteBufferAllocator

    init(connection: ClientConnectionHandler.LoopBound, method: MethodDescriptor, options: CallOptions,
         allocator: ByteBufferAllocator) {
        self.connection = connection
        self.allocator = allocator
        let (events, continuation) = AsyncStream<ClientCallEvent>.makeStream()
        self.events = events
        let streamID = NIOLoopBoundBox<Int32?>.makeEmptyBox(valueType: Int32.self, eventLoop: connection.loop)
        self.streamID = streamID
        let timeout = options.effectiveTimeout
        let metadata = options.metadata
        connection.run { handler in
            if let timeout, timeout <= .zero {
                continuation.yield(.end(RPCError(.deadlineExceeded, "deadline exceeded before the call started"),
                                        trailers: Metadata()))
                continuation.finish()
                return
            }
            streamID.value = handler.open(method, metadata: metadata, timeout: timeout, continuation: continuation)
        }
    }

    func frame<Message: ProtoMessage>(_ message: Message) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5 + message.encodedSize())
        MessageFraming.write(message, to: &buffer)
        return buffer
    }

    /// Frames a message already encoded.
    func frame(encoded: ByteBuffer) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5 + encoded.readableBytes)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(encoded.readableBytes))
        buffer.writeImmutableBuffer(encoded)
        return buffer
    }

    func send(_ framed: ByteBuffer, end: Bool) {
        let streamID = streamID
        connection.run { handler in
            guard let id = streamID.value else { return }
            handler.send(streamID: id, framed: framed, end: end)
        }
    }

    func finishSending() {
        let streamID = streamID
        connection.run { handler in
            guard let id = streamID.value else { return }
            handler.finishSending(streamID: id)
        }
    }

    func cancel(_ status: RPCError = RPCError(.cancelled, "cancelled by the client")) {
        let streamID = streamID
        connection.run { handler in
            guard let id = streamID.value else { return }
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
        var base: AsyncStream<ClientCallEvent>.AsyncIterator
        let call: ClientCall
        let decode: @Sendable (ByteBuffer) throws(RPCError) -> Message

        public mutating func next() async throws -> Message? {
            while let event = await base.next() {
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
        AsyncIterator(base: call.events.makeAsyncIterator(), call: call, decode: decode)
    }
}

/// Sends the requests of a client-streaming or bidirectional call.
public struct RequestSender<Message: ProtoMessage>: Sendable {
    let call: ClientCall

    /// Sends one request.
    public func send(_ message: Message) async throws {
        try Task.checkCancellation()
        call.send(call.frame(message), end: false)
    }

    /// Ends the request stream; the server sees END_STREAM.
    public func finish() {
        call.finishSending()
    }
}
