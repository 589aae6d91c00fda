import NIOCore
import NIOPosix
import Synchronization
import Wire

/// One connection slot to one address: idle, connecting, ready, or backing
/// off after a failure. A connection that stops taking calls (GOAWAY, close)
/// returns the slot to idle so the next call opens a fresh one.
final class Subchannel: Sendable {
    enum State {
        case idle(failures: Int)
        case connecting(EventLoopFuture<Void>, failures: Int)
        case ready(ClientConnectionHandler.LoopBound, any Channel)
        case backingOff(until: ContinuousClock.Instant, failures: Int)
        case shutdown
    }

    let address: SocketAddress
    /// The event loop its connections live on.
    let loop: any EventLoop
    private let state = Mutex(State.idle(failures: 0))
    private let healthy = Atomic<Bool>(true)

    init(address: SocketAddress, loop: any EventLoop) {
        self.address = address
        self.loop = loop
    }

    var isReady: Bool {
        state.withLock { if case .ready = $0 { true } else { false } }
    }

    /// False while the server's last health check failed (see ``RPCChannel/Configuration/healthCheckInterval``).
    var isHealthy: Bool { healthy.load(ordering: .relaxed) }

    func recordHealth(_ serving: Bool) { healthy.store(serving, ordering: .relaxed) }

    var readyConnection: ClientConnectionHandler.LoopBound? {
        state.withLock { if case .ready(let connection, _) = $0 { connection } else { nil } }
    }

    /// Starts connecting if idle (or its backoff is over); returns the attempt
    /// in progress, or nil while backing off.
    func connectIfAllowed(channel: RPCChannel) -> EventLoopFuture<Void>? {
        enum Decision {
            case start(failures: Int, EventLoopPromise<Void>)
            case inProgress(EventLoopFuture<Void>)
            case ready
            case wait
        }
        let loop = loop
        let decision = state.withLock { state -> Decision in
            switch state {
            case .idle(let failures):
                let promise = loop.makePromise(of: Void.self)
                state = .connecting(promise.futureResult, failures: failures)
                return .start(failures: failures, promise)
            case .backingOff(let until, let failures) where ContinuousClock.now >= until:
                let promise = loop.makePromise(of: Void.self)
                state = .connecting(promise.futureResult, failures: failures)
                return .start(failures: failures, promise)
            case .connecting(let future, _):
                return .inProgress(future)
            case .ready:
                return .ready
            case .backingOff, .shutdown:
                return .wait
            }
        }
        switch decision {
        case .start(let failures, let promise):
            connect(channel: channel, loop: loop, failures: failures, promise: promise)
            return promise.futureResult
        case .inProgress(let future):
            return future
        case .ready:
            return loop.makeSucceededVoidFuture()
        case .wait:
            return nil
        }
    }

    private func connect(channel rpc: RPCChannel, loop: any EventLoop, failures: Int, promise: EventLoopPromise<Void>) {
        let configuration = rpc.configuration
        let authority = rpc.authority
        let host = rpc.host
        // The connection's handler reports back to this slot; the cycle ends when the channel closes.
        let subchannel = self
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = try ClientConnection(maxReceiveMessageSize: configuration.maxReceiveMessageSize,
                                                          allocator: channel.allocator,
                                                          scheme: configuration.tls == nil ? "http" : "https")
                    if let tls = configuration.tls {
                        try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tls, serverName: host))
                    }
                    let handler = ClientConnectionHandler(connection: connection, authority: authority) {
                        subchannel.connectionBecameUnusable(channel: channel)
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        bootstrap.connect(to: address).whenComplete { [self] result in
            func backOff(_ error: any Error) {
                let delay = configuration.backoff.delay(afterFailures: failures + 1)
                state.withLock { state in
                    if case .shutdown = state { return }
                    state = .backingOff(until: .now + delay, failures: failures + 1)
                }
                rpc.requestResolution()
                promise.fail(error)
            }
            switch result {
            case .success(let channel):
                // The channel may have closed between connecting and this callback (a TLS handshake refused, say:
                // the handler closes it at once), with or without its handlers still in place: a failed connection,
                // not a crash nor a ready subchannel on a dead channel.
                guard channel.isActive,
                      let handler = try? channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self) else {
                    channel.close(promise: nil)
                    backOff(ChannelError.ioOnClosedChannel)
                    return
                }
                let bound = ClientConnectionHandler.LoopBound(handler, on: channel.eventLoop)
                let keep = state.withLock { state -> Bool in
                    if case .shutdown = state { return false }
                    state = .ready(bound, channel)
                    return true
                }
                if !keep { channel.close(promise: nil) }
                promise.succeed()
            case .failure(let error):
                backOff(error)
            }
        }
    }

    private func connectionBecameUnusable(channel: any Channel) {
        state.withLock { state in
            if case .ready(_, let current) = state, current === channel {
                state = .idle(failures: 0)
            }
        }
    }

    func shutdown() {
        let channel = state.withLock { state -> (any Channel)? in
            defer { state = .shutdown }
            if case .ready(_, let channel) = state { return channel }
            return nil
        }
        channel?.close(promise: nil)
    }
}

/// Exponential backoff with jitter for reconnection (gRPC's connection-backoff defaults).
public struct Backoff: Sendable, Hashable {
    /// The first delay.
    public var initial: Duration
    /// Growth per failure.
    public var multiplier: Double
    /// The longest delay.
    public var maximum: Duration
    /// Random spread, as a fraction of the delay (0.2 = ±20 %).
    public var jitter: Double

    /// Creates a backoff policy.
    public init(initial: Duration = .seconds(1), multiplier: Double = 1.6, maximum: Duration = .seconds(120),
                jitter: Double = 0.2) {
        self.initial = initial
        self.multiplier = multiplier
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay after `failures` consecutive failures (at least 1).
    public func delay(afterFailures failures: Int) -> Duration {
        let grown = min(maximum.timeInterval, initial.timeInterval * pow(multiplier, Double(max(0, failures - 1))))
        let spread = grown * jitter * Double.random(in: -1...1)
        return .nanoseconds(Int64(max(0, grown + spread) * 1e9))
    }
}
