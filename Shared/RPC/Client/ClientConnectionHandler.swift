import NIOCore

/// Runs a ``ClientConnection`` on a channel and routes each call's events to
/// the task waiting for them.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The handler, reachable from tasks.
    typealias LoopBound = LoopBoundReference<ClientConnectionHandler>

    let connection: ClientConnection
    let authority: String
    private var calls: [Int32: ClientCallEvents] = [:]
    private var deadlines: [Int32: Scheduled<Void>] = [:]
    private var context: ChannelHandlerContext?
    private var flushScheduled = false
    /// Told when the connection stops taking new calls (GOAWAY or close).
    let onUnusable: @Sendable () -> Void
    private var reportedUnusable = false

    init(connection: ClientConnection, authority: String, onUnusable: @escaping @Sendable () -> Void) {
        self.connection = connection
        self.authority = authority
        self.onUnusable = onUnusable
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { flushNow() }
    }

    func channelActive(context: ChannelHandlerContext) {
        flushNow()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deliver(connection.failAll(RPCError(.unavailable, "connection closed")))
        markUnusable()
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            deliver(try connection.receive(unwrapInboundIn(data)))
        } catch {
            flushNow()
            context.close(promise: nil)
            return
        }
        if connection.isDraining { markUnusable() }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushNow()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func markUnusable() {
        guard !reportedUnusable else { return }
        reportedUnusable = true
        onUnusable()
    }

    /// Whether new calls may start here.
    var isUsable: Bool { context != nil && !connection.isDraining }

    private func deliver(_ events: [(streamID: Int32, event: ClientCallEvent)]) {
        for (streamID, event) in events {
            guard let events = calls[streamID] else { continue }
            events.yield(event)
            if case .end = event {
                events.finish()
                calls[streamID] = nil
                deadlines.removeValue(forKey: streamID)?.cancel()
            }
        }
        if connection.isDraining && calls.isEmpty, let context {
            context.close(promise: nil)
        }
    }

    // MARK: Called on the loop by calls

    /// Opens a call; its events go to `events`. Returns the stream id, or nil after delivering an error.
    func open(_ method: MethodDescriptor, metadata: Metadata, timeout: Duration?, events: ClientCallEvents) -> Int32? {
        guard isUsable else {
            events.yield(.end(.unprocessed("connection is closing"), trailers: Metadata()))
            events.finish()
            return nil
        }
        do {
            let streamID = try connection.openCall(method, authority: authority, metadata: metadata, timeout: timeout)
            calls[streamID] = events
            if let timeout, let context {
                // Our own clock: the call ends at the deadline even if the server never answers.
                deadlines[streamID] = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [weak self] in
                    self?.cancel(streamID: streamID, status: RPCError(.deadlineExceeded, "deadline exceeded"))
                }
            }
            scheduleFlush()
            return streamID
        } catch {
            events.yield(.end(.unprocessed("cannot open a stream: \(error)"), trailers: Metadata()))
            events.finish()
            return nil
        }
    }

    func send(streamID: Int32, framed: ByteBuffer, end: Bool) {
        connection.send(streamID: streamID, framed: framed)
        if end { connection.finishSending(streamID: streamID) }
        scheduleFlush()
    }

    func finishSending(streamID: Int32) {
        connection.finishSending(streamID: streamID)
        scheduleFlush()
    }

    func cancel(streamID: Int32, status: RPCError) {
        if let event = connection.cancel(streamID: streamID, status: status) {
            deliver([(streamID, event)])
        }
        scheduleFlush()
    }

    private func scheduleFlush() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute { [self] in
            flushScheduled = false
            flushNow()
        }
    }

    private func flushNow() {
        guard let context, context.channel.isActive else { return }
        var buffer = context.channel.allocator.buffer(capacity: 0)
        do {
            try connection.flush(into: &buffer)
        } catch {
            context.close(promise: nil)
            return
        }
        if buffer.readableBytes > 0 {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }
}
