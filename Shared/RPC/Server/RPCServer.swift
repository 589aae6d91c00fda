public import Logging
public import NIOCore
public import NIOPosix
import NIOHTTP1
import Synchronization

/// A gRPC server: listens on a TCP address, speaks HTTP/2 through nghttp2,
/// and serves the registered services plus `grpc.health.v1.Health`.
///
/// ```swift
/// let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0), services: [MyService()])
/// let address = try await server.start()
/// try await server.waitUntilClosed()      // or: await server.shutdown(grace: .seconds(10))
/// ```
public final class RPCServer: Sendable {
    /// Where to listen and how to serve.
    public struct Configuration: Sendable {
        /// The address to bind.
        public var host: String
        /// The port to bind; 0 picks a free one (see the address `start()` returns).
        public var port: Int
        /// Protocol limits and identity.
        public var connection: ServerConnection.Configuration
        /// Keepalive, idle timeout and maximum connection age.
        public var management: ConnectionManager.Configuration
        /// TLS (ALPN h2, optionally mutual); nil serves plaintext HTTP/2.
        public var tls: TLSContext?
        /// Told about every finished call (metrics).
        public var callObserver: (any RPCCallObserver)?
        /// The logger handlers get, with request and trace ids added per call.
        public var logger: Logger

        /// Creates a configuration.
        public init(host: String = "0.0.0.0", port: Int = 50051, connection: ServerConnection.Configuration = .init(),
                    management: ConnectionManager.Configuration = .init(), tls: TLSContext? = nil,
                    callObserver: (any RPCCallObserver)? = nil, logger: Logger = Logger(label: "baton.rpc")) {
            self.host = host
            self.port = port
            self.connection = connection
            self.management = management
            self.tls = tls
            self.callObserver = callObserver
            self.logger = logger
        }
    }

    /// The health service every server answers; set statuses on it.
    public let health: HealthService
    let configuration: Configuration
    let router: MethodRouter
    let group: any EventLoopGroup
    let executors: [ObjectIdentifier: EventLoopTaskExecutor]
    let state = Mutex(State())
    let connections = ConnectionRegistry()

    struct State {
        var channel: (any Channel)?
    }

    /// The TLS context new connections get; replaced when certificates are renewed.
    final class TLSSlot: Sendable {
        let current: Mutex<TLSContext?>
        init(_ context: TLSContext?) { current = Mutex(context) }
    }

    let tls: TLSSlot

    /// Creates a server; nothing listens until ``start()``.
    public init(configuration: Configuration, services: [any RPCService],
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
        let health = HealthService()
        self.health = health
        self.router = MethodRouter(services: services + [health])
        var executors: [ObjectIdentifier: EventLoopTaskExecutor] = [:]
        for loop in group.makeIterator() {
            executors[ObjectIdentifier(loop)] = EventLoopTaskExecutor(loop: loop)
        }
        self.executors = executors
        self.tls = TLSSlot(configuration.tls)
    }

    /// Replaces the TLS context new connections get (certificates renewed on
    /// disk); connections already open keep theirs. Only for a server started
    /// with TLS: a plaintext server stays plaintext.
    public func replaceTLSContext(_ context: TLSContext) {
        tls.current.withLock { current in
            if current != nil { current = context }
        }
    }

    /// Binds and starts accepting connections; returns the bound address.
    @discardableResult
    public func start() async throws -> SocketAddress {
        let router = router
        let connectionConfiguration = configuration.connection
        let management = configuration.management
        let tlsSlot = tls
        let callObserver = configuration.callObserver
        let logger = configuration.logger
        let executors = executors
        let connections = connections
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let executor = executors[ObjectIdentifier(channel.eventLoop)]
                        ?? EventLoopTaskExecutor(loop: channel.eventLoop)
                    if let tls = tlsSlot.current.withLock({ $0 }) {
                        try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tls, serverName: nil))
                    }
                    // HTTP/2 (gRPC, Connect, gRPC-Web) or HTTP/1.1 (Connect, gRPC-Web), by the first bytes.
                    let selector = ProtocolSelectionHandler(
                        firstBytesTimeout: management.firstBytesTimeout,
                        http2: { channel in
                            let connection = try ServerConnection(router: router, configuration: connectionConfiguration,
                                                                  allocator: channel.allocator)
                            return [ServerConnectionHandler(connection: connection, executor: executor, observer: connections,
                                                            management: management, callObserver: callObserver,
                                                            logger: logger)]
                        },
                        http1: { _ in
                            [HTTPResponseEncoder(),
                             ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)),
                             HTTPServerPipelineHandler(),
                             HTTPServerProtocolErrorHandler(),
                             HTTP1ConnectionHandler(router: router, configuration: connectionConfiguration, management: management,
                                                    executor: executor, observer: connections, callObserver: callObserver,
                                                    logger: logger)]
                        })
                    try channel.pipeline.syncOperations.addHandler(selector)
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        state.withLock { $0.channel = channel }
        return channel.localAddress!
    }

    /// The bound address, once started.
    public var localAddress: SocketAddress? {
        state.withLock { $0.channel?.localAddress }
    }

    /// Connections accepted since start, for tests and metrics.
    public var connectionsAccepted: Int { connections.accepted.load(ordering: .relaxed) }

    /// Connections open now.
    public var openConnections: Int { connections.count }

    /// Returns when the listening socket has closed (after ``shutdown(grace:)``).
    public func waitUntilClosed() async throws {
        guard let channel = state.withLock({ $0.channel }) else { return }
        try await channel.closeFuture.get()
    }

    /// Stops accepting, sends GOAWAY on every connection, lets calls in
    /// flight finish for up to `grace`, then closes what is left.
    public func shutdown(grace: Duration = .seconds(10)) async {
        health.shutdown()
        if let channel = state.withLock({ $0.channel }) {
            try? await channel.close()
        }
        await connections.closeAll(grace: grace)
    }
}

/// The open connections of a server, so shutdown can reach them.
final class ConnectionRegistry: ServerConnectionObserver {
    private struct Entry: @unchecked Sendable {
        // Only touched on `loop`; the registry only passes it back there.
        let handler: any ServerTransportHandler
        let loop: any EventLoop
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    let accepted = Atomic<Int>(0)

    func connectionOpened(_ handler: any ServerTransportHandler, on loop: any EventLoop) {
        accepted.add(1, ordering: .relaxed)
        let entry = Entry(handler: handler, loop: loop)
        entries.withLock { $0[ObjectIdentifier(handler)] = entry }
    }

    func connectionClosed(_ handler: any ServerTransportHandler) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(handler)) }
    }

    var count: Int { entries.withLock { $0.count } }

    func closeAll(grace: Duration) async {
        for entry in entries.withLock({ Array($0.values) }) {
            entry.loop.execute { entry.handler.beginGracefulClose() }
        }
        let deadline = ContinuousClock.now + grace
        while count > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for entry in entries.withLock({ Array($0.values) }) {
            entry.loop.execute { entry.handler.forceClose() }
        }
    }
}
