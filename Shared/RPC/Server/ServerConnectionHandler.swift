import Logging
import NIOCore

/// Runs a ``ServerConnection`` on a channel: feeds it bytes, starts a task for
/// each call on the connection's own event loop, and writes what it queues.
///
/// All state lives on the event loop. Handler tasks reach back through
/// ``LoopBound``, which hops to the loop unless the task already runs there
/// (the usual case: tasks prefer the loop as their executor).
final class ServerConnectionHandler: ChannelInboundHandler, ServerTransportHandler, ServerCallTransport {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The handler, reachable from tasks.
    typealias LoopBound = LoopBoundReference<ServerConnectionHandler>

    struct ActiveCall {
        var method: MethodDescriptor
        var started: ContinuousClock.Instant
        var task: Task<Void, Never>?
        var requests: AsyncThrowingStream<ByteBuffer, any Error>.Continuation?
        var deadline: Scheduled<Void>?
    }

    let connection: ServerConnection
    let executor: EventLoopTaskExecutor
    let observer: any ServerConnectionObserver
    let callObserver: (any RPCCallObserver)?
    let logger: Logger
    private var manager: ConnectionManager
    private var calls: [Int32: ActiveCall] = [:]
    private var context: ChannelHandlerContext?
    private var flushScheduled = false
    /// Our side of the socket is shut (after the final GOAWAY); the peer's is still read.
    private var outputClosed = false
    private var peer = ""
    private var activated = false
    private var timers = Timers()
    /// Handler tasks waiting for a stream's queued response bytes to drain.
    private var parkedWriters: [Int32: [CheckedContinuation<Void, Never>]] = [:]

    /// Above this many queued bytes on a stream, a writer waits...
    static let highWatermark = 1 << 20
    /// ...until they drop to this many.
    static let lowWatermark = 256 << 10

    struct Timers {
        var keepalive: RepeatedTask?
        var keepaliveTimeout: Scheduled<Void>?
        var idle: Scheduled<Void>?
        var maxAge: Scheduled<Void>?
        var maxAgeGrace: Scheduled<Void>?
        var goAwayPing: Scheduled<Void>?
        var linger: Scheduled<Void>?

        func cancelAll() {
            keepalive?.cancel()
            keepaliveTimeout?.cancel()
            idle?.cancel()
            maxAge?.cancel()
            maxAgeGrace?.cancel()
            goAwayPing?.cancel()
            linger?.cancel()
        }
    }

    init(connection: ServerConnection, executor: EventLoopTaskExecutor, observer: any ServerConnectionObserver,
         management: ConnectionManager.Configuration, callObserver: (any RPCCallObserver)?, logger: Logger) {
        self.connection = connection
        self.executor = executor
        self.observer = observer
        self.callObserver = callObserver
        self.logger = logger
        self.manager = ConnectionManager(configuration: management)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = context.remoteAddress.map { "\($0)" } ?? "unknown"
        // Added by the protocol sniffer, on a connection already open.
        if context.channel.isActive { becameActive(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        becameActive(context: context)
        context.fireChannelActive()
    }

    private func becameActive(context: ChannelHandlerContext) {
        guard !activated else { return }
        activated = true
        observer.connectionOpened(self, on: context.eventLoop)
        startTimers(context: context)
        flushNow()
    }

    func channelInactive(context: ChannelHandlerContext) {
        for (_, call) in calls {
            call.deadline?.cancel()
            call.task?.cancel()
            call.requests?.finish(throwing: CancellationError())
        }
        calls.removeAll()
        timers.cancelAll()
        for waiters in parkedWriters.values { waiters.forEach { $0.resume() } }
        parkedWriters.removeAll()
        observer.connectionClosed(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        let actions: [ServerConnection.Action]
        do {
            actions = try connection.receive(bytes)
        } catch {
            // nghttp2 refused the input (bad preface, flood, protocol error):
            // send what it queued (GOAWAY) and close.
            flushNow()
            context.close(promise: nil)
            return
        }
        for action in actions { run(action, context: context) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushNow()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    // MARK: Actions

    private func run(_ action: ServerConnection.Action, context: ChannelHandlerContext) {
        switch action {
        case .start(let streamID, let method, let head, let request):
            start(streamID: streamID, method: method, head: head, request: request, context: context)
        case .deliver(let streamID, let message):
            calls[streamID]?.requests?.yield(message)
        case .requestsEnded(let streamID):
            calls[streamID]?.requests?.finish()
        case .cancel(let streamID):
            if let call = calls.removeValue(forKey: streamID) {
                call.deadline?.cancel()
                call.task?.cancel()
                call.requests?.finish(throwing: CancellationError())
                callEnded(call, code: .cancelled)
            }
        case .streamOpened:
            manager.streamOpened()
            timers.idle?.cancel()
            timers.idle = nil
        case .streamClosed:
            perform(manager.streamClosed())
            if !manager.hasOpenStreams && !manager.isClosing { armIdleTimer() }
        case .peerWentAway:
            break
        case .pingAcknowledged(let payload):
            perform(manager.pingAcknowledged(payload))
        }
    }

    private func start(streamID: Int32, method: ServerMethod, head: ServerConnection.RequestHead,
                       request: ByteBuffer?, context: ChannelHandlerContext) {
        let deadline = head.timeout.map { ContinuousClock.now + $0 }
        let serverContext = ServerContext(method: head.method, metadata: head.metadata, deadline: deadline, peer: peer,
                                          logger: logger)
        var active = ActiveCall(method: head.method, started: .now)
        var requests: AsyncThrowingStream<ByteBuffer, any Error>?
        if method.descriptor.kind.clientStreams {
            let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            requests = stream
            active.requests = continuation
        }
        let sink = TransportSink(call: streamID, transport: LoopBound(self, on: context.eventLoop))
        let call = ServerCall(context: serverContext, codec: head.codec, singleRequest: request, requests: requests,
                              sink: sink, allocator: context.channel.allocator)
        if let timeout = head.timeout {
            active.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [weak self] in
                self?.deadlineExceeded(streamID: streamID)
            }
        }
        calls[streamID] = active
        calls[streamID]!.task = method.start(call, on: executor)
    }

    private func deadlineExceeded(streamID: Int32) {
        guard let call = calls.removeValue(forKey: streamID) else { return }
        call.task?.cancel()
        call.requests?.finish(throwing: CancellationError())
        connection.sendStatus(streamID: streamID, RPCError(.deadlineExceeded, "deadline exceeded"))
        scheduleFlush()
        callEnded(call, code: .deadlineExceeded)
    }

    // MARK: Outbound, called on the loop by calls

    /// Queues a response message; returns whether the writer should wait
    /// (the peer is not reading fast enough).
    func send(_ streamID: Int32, framed: ByteBuffer, initialMetadata: Metadata) -> Bool {
        connection.sendMessage(streamID: streamID, framed: framed, metadata: initialMetadata)
        scheduleFlush()
        return connection.queuedBytes(streamID: streamID) > Self.highWatermark
    }

    /// Parks a writer until its stream drains (or ends).
    func park(_ streamID: Int32, _ continuation: CheckedContinuation<Void, Never>) {
        parkedWriters[streamID, default: []].append(continuation)
    }

    private func resumeDrainedWriters() {
        guard !parkedWriters.isEmpty else { return }
        for (streamID, waiters) in parkedWriters
        where calls[streamID] == nil || connection.queuedBytes(streamID: streamID) <= Self.lowWatermark {
            parkedWriters[streamID] = nil
            waiters.forEach { $0.resume() }
        }
    }

    func finish(_ streamID: Int32, status: RPCError?, metadata: ResponseMetadataSnapshot) {
        guard let call = calls.removeValue(forKey: streamID) else { return }
        call.deadline?.cancel()
        connection.sendStatus(streamID: streamID, status, metadata: metadata.trailing, initialMetadata: metadata.initial)
        scheduleFlush()
        callEnded(call, code: status?.code ?? .ok)
    }

    // MARK: Flushing

    /// Flushes after everything already queued on the loop has run, so that
    /// responses finishing in the same tick share one write.
    private func scheduleFlush() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute { [self] in
            flushScheduled = false
            flushNow()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { flushNow() }
        context.fireChannelWritabilityChanged()
    }

    func flushNow() {
        defer { resumeDrainedWriters() }
        // A socket that is not draining gets no more bytes; nghttp2 keeps them,
        // and writers wait on the high watermark.
        guard let context, context.channel.isActive, context.channel.isWritable, !outputClosed else { return }
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
        if !connection.session.isActive { context.close(promise: nil) }
        // Streams that closed as their last frame went out.
        for action in connection.takeActions() { run(action, context: context) }
    }

    // MARK: Connection management

    private func startTimers(context: ChannelHandlerContext) {
        let loop = context.eventLoop.assumeIsolated()
        let configuration = manager.configuration
        if let interval = configuration.keepaliveInterval {
            // Cancelled in channelInactive, which ends the strong reference.
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            timers.keepalive = context.eventLoop.scheduleRepeatedTask(initialDelay: TimeAmount(interval),
                                                                      delay: TimeAmount(interval)) { _ in
                bound.value.keepaliveTick()
            }
        }
        if let maxAge = configuration.maxAge {
            timers.maxAge = loop.scheduleTask(in: TimeAmount(maxAge)) { [weak self] in
                guard let self else { return }
                perform(manager.maxAgeReached())
                timers.maxAgeGrace = loop.scheduleTask(in: TimeAmount(configuration.maxAgeGrace)) { [weak self] in
                    guard let self else { return }
                    perform(manager.maxAgeGraceExpired())
                }
            }
        }
        armIdleTimer()
    }

    private func keepaliveTick() {
        guard let context else { return }
        let action = manager.keepaliveTimerFired()
        guard action != .none else { return }
        perform(action)
        timers.keepaliveTimeout = context.eventLoop.assumeIsolated()
            .scheduleTask(in: TimeAmount(manager.configuration.keepaliveTimeout)) { [weak self] in
                guard let self else { return }
                perform(manager.keepaliveTimeoutFired())
            }
    }

    private func armIdleTimer() {
        guard let idle = manager.configuration.maxIdleTime, let context, !manager.hasOpenStreams else { return }
        timers.idle?.cancel()
        timers.idle = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(idle)) { [weak self] in
            guard let self else { return }
            perform(manager.idleTimerFired())
        }
    }

    private func callEnded(_ call: ActiveCall, code: StatusCode) {
        callObserver?.callFinished(call.method, code: code, duration: .now - call.started)
    }

    private func perform(_ action: ConnectionManager.Action) {
        guard let context else { return }
        switch action {
        case .none:
            return
        case .sendPing(let payload):
            try? connection.session.ping(payload)
        case .sendShutdownNotice(let payload):
            try? connection.session.shutdownNotice()
            try? connection.session.ping(payload)
            timers.goAwayPing = context.eventLoop.assumeIsolated()
                .scheduleTask(in: TimeAmount(manager.configuration.goAwayPingTimeout)) { [weak self] in
                    guard let self else { return }
                    perform(manager.goAwayPingTimeoutFired())
                }
        case .sendFinalGoAway(let thenClose):
            timers.goAwayPing?.cancel()
            try? connection.session.goAway(errorCode: 0)
            if thenClose {
                closeAfterPeer(context: context)
                return
            }
        case .close:
            flushNow()
            context.close(promise: nil)
            return
        case .closeAfterPeer:
            closeAfterPeer(context: context)
            return
        }
        flushNow()
    }

    /// Sends what is queued (the final GOAWAY), shuts our side of the socket and
    /// reads on until the peer closes too: a close with its requests unread would
    /// reset the connection, and the reset can overtake the GOAWAY.
    private func closeAfterPeer(context: ChannelHandlerContext) {
        guard !outputClosed else { return }
        flushNow()
        outputClosed = true
        context.close(mode: .output, promise: nil)  // on failure errorCaught closes it all
        timers.linger = context.eventLoop.assumeIsolated()
            .scheduleTask(in: TimeAmount(manager.configuration.closeLinger)) {
                context.close(promise: nil)
            }
    }

    /// Starts a graceful close (server shutdown): GOAWAY, then close when the calls in flight end.
    func beginGracefulClose() {
        perform(manager.shutdownRequested())
    }

    /// Closes at once, cancelling calls (after the shutdown grace period ran out).
    func forceClose() {
        context?.close(promise: nil)
    }
}

/// A connection's handler as graceful shutdown sees it (HTTP/2 or HTTP/1.1).
protocol ServerTransportHandler: AnyObject {
    /// Stops taking new calls and closes once the calls in flight end.
    func beginGracefulClose()
    /// Closes at once, cancelling calls.
    func forceClose()
}

/// Tracks a server's open connections, for graceful shutdown.
protocol ServerConnectionObserver: Sendable {
    func connectionOpened(_ handler: any ServerTransportHandler, on loop: any EventLoop)
    func connectionClosed(_ handler: any ServerTransportHandler)
}
