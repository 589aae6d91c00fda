import Logging
import NIOCore
import NIOHTTP1

/// Serves Connect and gRPC-Web over HTTP/1.1, one request at a time (NIO's
/// pipelining handler holds the next one back until a response ends). The
/// protocol is ``WebCall``'s; this handler starts the calls it asks for and
/// writes the response parts it returns.
///
/// A client that closes the connection cancels its call, as an HTTP/2
/// reset does. As on HTTP/2, a connection with no request for
/// `maxIdleTime` is closed, and one older than `maxAge` is closed once its
/// request in flight (if any) has been answered.
final class HTTP1ConnectionHandler: ChannelInboundHandler, ServerTransportHandler, ServerCallTransport {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// The handler, reachable from tasks.
    typealias LoopBound = LoopBoundReference<HTTP1ConnectionHandler>

    struct Request {
        let number: Int
        var web: WebCall
        let version: HTTPVersion
        let keepAlive: Bool
        var bodyEnded = false
        var method: MethodDescriptor?
        var started = ContinuousClock.now
        var task: Task<Void, Never>?
        var requests: AsyncThrowingStream<ByteBuffer, any Error>.Continuation?
        var deadline: Scheduled<Void>?
    }

    let router: MethodRouter
    let configuration: ServerConnection.Configuration
    let executor: EventLoopTaskExecutor
    let observer: any ServerConnectionObserver
    let callObserver: (any RPCCallObserver)?
    let logger: Logger
    private var request: Request?
    private var requestCount = 0
    private var context: ChannelHandlerContext?
    private var peer = ""
    private var closing = false
    private var activated = false
    /// Handler tasks waiting for the socket to drain.
    private var parkedWriters: [CheckedContinuation<Void, Never>] = []
    private let maxIdleTime: TimeAmount?
    private let maxAge: TimeAmount?
    private var idleTimer: Scheduled<Void>?
    private var ageTimer: Scheduled<Void>?

    init(router: MethodRouter, configuration: ServerConnection.Configuration, management: ConnectionManager.Configuration,
         executor: EventLoopTaskExecutor, observer: any ServerConnectionObserver, callObserver: (any RPCCallObserver)?,
         logger: Logger) {
        self.router = router
        self.configuration = configuration
        self.maxIdleTime = management.maxIdleTime.map(TimeAmount.init)
        self.maxAge = management.maxAge.map(TimeAmount.init)
        self.executor = executor
        self.observer = observer
        self.callObserver = callObserver
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = context.remoteAddress.map { "\($0)" } ?? "unknown"
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
        if let maxAge {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            ageTimer = context.eventLoop.scheduleTask(in: maxAge) { handler.value.beginGracefulClose() }
        }
        startIdleTimer(context: context)
    }

    private func startIdleTimer(context: ChannelHandlerContext) {
        guard let maxIdleTime else { return }
        idleTimer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: maxIdleTime) { loopBound.value.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        ageTimer?.cancel()
        if let request, request.web.isRunning {
            request.deadline?.cancel()
            request.task?.cancel()
            request.requests?.finish(throwing: CancellationError())
            callEnded(request, code: .cancelled)
        }
        request = nil
        resumeParkedWriters()
        observer.connectionClosed(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            idleTimer?.cancel()
            idleTimer = nil
            requestCount += 1
            let fields = head.headers.map { HeaderField(name: $0.name.lowercased(), value: $0.value) }
            let (web, actions) = WebCall.begin(WebRequestHead(method: head.method.rawValue, path: head.uri, headers: fields),
                                               router: router, configuration: configuration,
                                               allocator: context.channel.allocator)
            request = Request(number: requestCount, web: web, version: head.version, keepAlive: head.isKeepAlive && !closing)
            run(actions, context: context)
        case .body(let bytes):
            guard request != nil else { return }
            run(request!.web.receive(bytes), context: context)
        case .end:
            guard request != nil else { return }
            request!.bodyEnded = true
            run(request!.web.receiveEnd(), context: context)
            if let request, request.web.isFinished { requestDone(request, context: context) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { resumeParkedWriters() }
        context.fireChannelWritabilityChanged()
    }

    // MARK: Actions

    private func run(_ actions: [WebCall.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .start(let method, let head, let single):
                start(method: method, head: head, request: single, context: context)
            case .deliver(let message):
                request?.requests?.yield(message)
            case .requestsEnded:
                request?.requests?.finish()
            case .respond(let parts, let cancelHandler):
                if cancelHandler, let request {
                    request.deadline?.cancel()
                    request.task?.cancel()
                    request.requests?.finish(throwing: CancellationError())
                    callEnded(request, code: .cancelled)
                }
                write(parts, context: context)
            }
        }
    }

    private func start(method: ServerMethod, head: ServerConnection.RequestHead, request single: ByteBuffer?,
                       context: ChannelHandlerContext) {
        guard let number = request?.number else { return }
        let serverContext = ServerContext(method: head.method, metadata: head.metadata,
                                          deadline: head.timeout.map { ContinuousClock.now + $0 }, peer: peer, logger: logger)
        var requests: AsyncThrowingStream<ByteBuffer, any Error>?
        if method.descriptor.kind.clientStreams {
            let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            requests = stream
            request?.requests = continuation
        }
        let sink = TransportSink(call: number, transport: LoopBound(self, on: context.eventLoop))
        let call = ServerCall(context: serverContext, codec: head.codec, singleRequest: single, requests: requests,
                              sink: sink, allocator: context.channel.allocator)
        request?.method = head.method
        request?.started = .now
        if let timeout = head.timeout {
            request?.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [weak self] in
                self?.finish(number, status: RPCError(.deadlineExceeded, "deadline exceeded"), metadata: ResponseMetadataSnapshot())
            }
        }
        request?.task = method.start(call, on: executor)
    }

    // MARK: Outbound, called on the loop by calls

    /// Writes a response message; returns whether the writer should wait (the socket is not draining).
    func send(_ number: Int, framed: ByteBuffer, initialMetadata: Metadata) -> Bool {
        guard let context, request?.number == number else { return false }
        write(request!.web.send(framed: framed, initialMetadata: initialMetadata), context: context)
        return !context.channel.isWritable
    }

    func park(_ number: Int, _ continuation: CheckedContinuation<Void, Never>) {
        parkedWriters.append(continuation)
    }

    private func resumeParkedWriters() {
        let waiters = parkedWriters
        parkedWriters.removeAll()
        waiters.forEach { $0.resume() }
    }

    func finish(_ number: Int, status: RPCError?, metadata: ResponseMetadataSnapshot) {
        guard let context, var current = request, current.number == number, current.web.isRunning else { return }
        let parts = current.web.finish(status, metadata: metadata)
        if status?.code == .deadlineExceeded {
            current.task?.cancel()
            current.requests?.finish(throwing: CancellationError())
        }
        current.deadline?.cancel()
        request = current
        callEnded(current, code: status?.code ?? .ok)
        write(parts, context: context)
    }

    private func write(_ parts: [WebCall.ResponsePart], context: ChannelHandlerContext) {
        guard let current = request else { return }
        for part in parts {
            switch part {
            case .head(let status, let fields):
                var headers = HTTPHeaders(fields.map { ($0.name, $0.value) })
                if !current.keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
                let head = HTTPResponseHead(version: current.version, status: HTTPResponseStatus(statusCode: status),
                                            headers: headers)
                context.write(wrapOutboundOut(.head(head)), promise: nil)
            case .body(let bytes):
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
            case .end:
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                // A response that ends before its request body waits for the rest of
                // the body (dropped) so the next request starts at the right byte.
                if current.bodyEnded { requestDone(current, context: context) }
            }
        }
    }

    /// Both the request and its response are complete.
    private func requestDone(_ done: Request, context: ChannelHandlerContext) {
        guard request?.number == done.number else { return }
        request = nil
        resumeParkedWriters()
        if !done.keepAlive || closing {
            context.close(promise: nil)
        } else {
            startIdleTimer(context: context)
        }
    }

    private func callEnded(_ request: Request, code: StatusCode) {
        guard let method = request.method else { return }
        callObserver?.callFinished(method, code: code, duration: .now - request.started)
    }

    // MARK: Shutdown

    func beginGracefulClose() {
        closing = true
        if request == nil { context?.close(promise: nil) }
    }

    func forceClose() {
        context?.close(promise: nil)
    }
}
