public import NIOCore
import NIOHTTP1
public import NIOPosix
import Synchronization

/// The admin HTTP/1.1 port every executable serves for operators and
/// Kubernetes: `/metrics` (Prometheus text), `/healthz` (the process is up),
/// `/readyz` (ready for traffic: migrations done, server listening), and the
/// GET routes a service adds (``AdminRoute``).
public final class AdminServer: Sendable {
    /// Returns the Prometheus text for `/metrics`.
    let metrics: @Sendable () -> String
    private let ready = Atomic<Bool>(false)
    private let channel = Mutex<(any Channel)?>(nil)
    private let routes = Mutex<[AdminRoute]>([])

    /// Adds a route; paths under its prefix go to its handler.
    public func add(_ route: AdminRoute) {
        routes.withLock { $0.append(route) }
    }

    func route(for path: String) -> AdminRoute? {
        routes.withLock { routes in routes.first { path.hasPrefix($0.prefix) } }
    }

    /// Creates the server; `metrics` renders the exposition text on each scrape.
    public init(metrics: @escaping @Sendable () -> String) {
        self.metrics = metrics
    }

    /// Marks the service ready (or not) for `/readyz`.
    public func setReady(_ value: Bool) { ready.store(value, ordering: .releasing) }

    var isReady: Bool { ready.load(ordering: .acquiring) }

    /// Binds and serves; returns the bound port.
    public func start(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> Int {
        let bound = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(AdminHandler(server: self))
                }
            }
            .bind(host: host, port: port).get()
        channel.withLock { $0 = bound }
        return bound.localAddress?.port ?? port
    }

    /// Stops listening.
    public func shutdown() async {
        let bound = channel.withLock { $0 }
        try? await bound?.close()
    }
}

private final class AdminHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: AdminServer
    private var path = ""
    private var method = HTTPMethod.GET

    init(server: AdminServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            method = head.method
        case .body:
            break
        case .end:
            if (method == .GET || method == .HEAD), let route = server.route(for: path) {
                // The route may read the database: off the event loop, then back on it to write.
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                let path = self.path
                let eventLoop = context.eventLoop
                Task {
                    let response = await route.handler(path)
                    eventLoop.execute {
                        let (handler, context) = loopBound.value
                        handler.write(status: HTTPResponseStatus(statusCode: response.status), contentType: response.contentType,
                                      body: response.body, cacheControl: response.cacheControl, context: context)
                    }
                }
                return
            }
            let (status, contentType, body) = respond()
            write(status: status, contentType: contentType, body: Array(body.utf8), cacheControl: nil, context: context)
        }
    }

    private func write(status: HTTPResponseStatus, contentType: String, body: [UInt8], cacheControl: String?,
                       context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(body.count))
        if let cacheControl { headers.add(name: "cache-control", value: cacheControl) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                      promise: nil)
        if method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func respond() -> (HTTPResponseStatus, String, String) {
        guard method == .GET || method == .HEAD else { return (.methodNotAllowed, "text/plain", "GET only\n") }
        switch path {
        case "/metrics": return (.ok, "text/plain; version=0.0.4", server.metrics())
        case "/healthz": return (.ok, "text/plain", "ok\n")
        case "/readyz": return server.isReady ? (.ok, "text/plain", "ready\n") : (.serviceUnavailable, "text/plain", "starting\n")
        default: return (.notFound, "text/plain", "not found: \(path)\n")
        }
    }
}
