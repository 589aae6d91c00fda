public import NIOCore
public import NIOPosix
import Synchronization

/// A client's view of one target (a host and port, often a Kubernetes
/// headless Service): it resolves every address of the name, keeps a small
/// pool of HTTP/2 connections, and spreads calls over the ready ones
/// round-robin. Connections that fail are retried with exponential backoff
/// and jitter; the name is resolved again periodically and after failures.
public final class RPCChannel: Sendable {
    /// Where to connect.
    public enum Target: Sendable, Hashable {
        /// A DNS name (or IP literal) and port; every address is used.
        case host(String, port: Int)
        /// Fixed addresses.
        case addresses([SocketAddress])
    }

    /// How the channel behaves.
    public struct Configuration: Sendable {
        /// Connections per resolved address, each on its own event loop (round robin over the group's
        /// loops). A call from a task running on an event loop takes a connection on that loop when
        /// one is ready, so a proxy forwards without a thread hop; with as many connections as
        /// loops, every loop has one.
        public var connectionsPerAddress: Int
        /// The largest response message accepted, bytes.
        public var maxReceiveMessageSize: Int
        /// How long a connection attempt may take.
        public var connectTimeout: Duration
        /// Reconnection backoff.
        public var backoff: Backoff
        /// How often the name is resolved again.
        public var resolveInterval: Duration
        /// Attempts for idempotent methods failing with UNAVAILABLE (1 = no retry).
        public var maxAttempts: Int
        /// Retry budget: tokens start full; a failed attempt costs one, a success
        /// earns `retryTokenRatio`; retries stop while fewer than half are left.
        public var retryTokens: Double
        /// Tokens earned per success.
        public var retryTokenRatio: Double
        /// TLS (ALPN h2, certificate verified against the target host); nil is plaintext.
        public var tls: TLSContext?
        /// How often each ready connection's server is asked `grpc.health.v1.Health/Check`;
        /// a server that is not SERVING (or does not answer) gets no new calls until it is
        /// again. Nil: no active health checks (a failed connection is still avoided).
        public var healthCheckInterval: Duration?
        /// Metadata added to every call that does not set the same names itself (a credential, say).
        public var metadata: Metadata

        /// The loops of the group channels and servers use by default: as ``connectionsPerAddress``,
        /// a call made by a handler goes out and is answered on the handler's own loop, with no
        /// thread hop either way (with one connection, half the calls of a two-loop host hop twice).
        public static var eventLoopCount: Int { NIOSingletons.groupLoopCountSuggestion }

        /// Creates a configuration.
        public init(connectionsPerAddress: Int = 1, maxReceiveMessageSize: Int = 4 << 20,
                    connectTimeout: Duration = .seconds(5), backoff: Backoff = .init(),
                    resolveInterval: Duration = .seconds(30), maxAttempts: Int = 3,
                    retryTokens: Double = 10, retryTokenRatio: Double = 0.1, tls: TLSContext? = nil,
                    healthCheckInterval: Duration? = nil, metadata: Metadata = Metadata()) {
            self.tls = tls
            self.healthCheckInterval = healthCheckInterval
            self.metadata = metadata
            self.connectionsPerAddress = connectionsPerAddress
            self.maxReceiveMessageSize = maxReceiveMessageSize
            self.connectTimeout = connectTimeout
            self.backoff = backoff
            self.resolveInterval = resolveInterval
            self.maxAttempts = maxAttempts
            self.retryTokens = retryTokens
            self.retryTokenRatio = retryTokenRatio
        }
    }

    let target: Target
    let configuration: Configuration
    let group: any EventLoopGroup
    let authority: String
    /// The host name certificates are checked against.
    let host: String?
    let state: Mutex<State>

    struct State {
        var subchannels: [Subchannel] = []
        var next = 0
        var resolvedAt: ContinuousClock.Instant?
        var resolving = false
        var firstResolution: Task<RPCError?, Never>?
        var closed = false
        var retryTokens: Double
        var healthChecks: Task<Void, Never>?
    }

    /// Creates a channel; connections open on the first call.
    public init(target: Target, configuration: Configuration = .init(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.target = target
        self.configuration = configuration
        self.group = group
        switch target {
        case .host(let host, let port):
            authority = "\(host):\(port)"
            self.host = host
        case .addresses(let addresses):
            authority = addresses.first.map { "\($0.ipAddress ?? "localhost"):\($0.port ?? 0)" } ?? "localhost"
            self.host = nil
        }
        state = Mutex(State(retryTokens: configuration.retryTokens))
        if let interval = configuration.healthCheckInterval { startHealthChecks(every: interval) }
    }

    /// Convenience: a channel to `host:port`.
    public convenience init(host: String, port: Int, configuration: Configuration = .init()) {
        self.init(target: .host(host, port: port), configuration: configuration)
    }

    /// Closes every connection; calls in flight fail with UNAVAILABLE.
    public func close() {
        let subchannels = state.withLock { state in
            state.closed = true
            state.healthChecks?.cancel()
            defer { state.subchannels.removeAll() }
            return state.subchannels
        }
        for subchannel in subchannels { subchannel.shutdown() }
    }

    // MARK: Picking a connection

    /// A ready connection, connecting (and resolving) first if needed.
    func pick(deadline: ContinuousClock.Instant?) async throws(RPCError) -> ClientConnectionHandler.LoopBound {
        try await refreshAddressesIfDue()
        let currentLoop = MultiThreadedEventLoopGroup.currentEventLoop
        while true {
            let (ready, candidates, closed) = state.withLock { state -> (ClientConnectionHandler.LoopBound?, [Subchannel], Bool) in
                let count = state.subchannels.count
                // Healthy servers first, on the caller's own event loop first; when every ready one failed
                // its health check, any ready one (a fleet-wide failure of the check should not turn into
                // refusing every call).
                for (includeUnhealthy, anyLoop) in [(false, false), (false, true), (true, true)] {
                    if !anyLoop && currentLoop == nil { continue }
                    for offset in 0..<count {
                        let subchannel = state.subchannels[(state.next + offset) % count]
                        guard anyLoop || subchannel.loop === currentLoop else { continue }
                        if let connection = subchannel.readyConnection, includeUnhealthy || subchannel.isHealthy {
                            state.next = (state.next + offset + 1) % max(count, 1)
                            return (connection, [], state.closed)
                        }
                    }
                }
                return (nil, state.subchannels, state.closed)
            }
            if closed { throw RPCError(.unavailable, "channel is closed") }
            if let ready { return ready }
            if candidates.isEmpty { throw RPCError(.unavailable, "no address for \(authority)") }
            // Nothing ready: connect whatever may connect now, and take the first that does.
            let attempts = candidates.compactMap { $0.connectIfAllowed(channel: self) }
            if attempts.isEmpty {
                // Every address is backing off after failures: fail fast, as gRPC does.
                requestResolution()
                throw RPCError(.unavailable, "no connection to \(authority): every address failed recently")
            }
            let connected = await firstSuccess(of: attempts, deadline: deadline)
            if !connected {
                if let deadline, ContinuousClock.now >= deadline {
                    throw RPCError(.deadlineExceeded, "deadline exceeded while connecting to \(authority)")
                }
                requestResolution()
            }
        }
    }

    private func firstSuccess(of attempts: [EventLoopFuture<Void>], deadline: ContinuousClock.Instant?) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            for attempt in attempts {
                group.addTask { (try? await attempt.get()) != nil }
            }
            if let deadline {
                group.addTask {
                    try? await Task.sleep(until: deadline)
                    return false
                }
            }
            var anySucceeded = false
            var remaining = attempts.count
            for await succeeded in group {
                if succeeded { anySucceeded = true; break }
                remaining -= 1
                if remaining == 0 { break }
            }
            group.cancelAll()
            return anySucceeded
        }
    }

    // MARK: Resolution

    private func refreshAddressesIfDue() async throws(RPCError) {
        enum Step { case nothing, background, wait(Task<RPCError?, Never>) }
        let step = state.withLock { state -> Step in
            guard let resolvedAt = state.resolvedAt else {
                // Until the first resolution succeeds, every call waits for the same one.
                if let pending = state.firstResolution { return .wait(pending) }
                let task = Task { () -> RPCError? in
                    do throws(RPCError) { try await self.resolve(); return nil } catch { return error }
                }
                state.firstResolution = task
                state.resolving = true
                return .wait(task)
            }
            guard !state.resolving, ContinuousClock.now - resolvedAt >= configuration.resolveInterval else {
                return .nothing
            }
            state.resolving = true
            return .background
        }
        switch step {
        case .nothing:
            return
        case .background:
            // Later resolutions run beside the calls, which keep using what they have.
            Task { try? await self.resolve() }
        case .wait(let resolution):
            if let error = await resolution.value { throw error }
        }
    }

    /// Marks the addresses stale so the next call resolves them again.
    func requestResolution() {
        state.withLock { $0.resolvedAt = min($0.resolvedAt ?? .now, .now - configuration.resolveInterval) }
    }

    private func resolve() async throws(RPCError) {
        let addresses: [SocketAddress]
        do {
            switch target {
            case .addresses(let fixed): addresses = fixed
            case .host(let host, let port): addresses = try await Resolver.resolve(host: host, port: port)
            }
        } catch {
            state.withLock { state in
                state.resolving = false
                state.firstResolution = nil
            }
            throw RPCError(.unavailable, "cannot resolve \(authority): \(error)")
        }
        let removed = state.withLock { state -> [Subchannel] in
            state.resolving = false
            state.firstResolution = nil
            state.resolvedAt = .now
            guard !state.closed else { return [] }
            var kept: [Subchannel] = []
            var removed: [Subchannel] = []
            let wanted = Set(addresses.map { "\($0)" })
            for subchannel in state.subchannels {
                if wanted.contains("\(subchannel.address)") { kept.append(subchannel) } else { removed.append(subchannel) }
            }
            for address in addresses {
                let have = kept.filter { "\($0.address)" == "\(address)" }.count
                for _ in have..<max(have, configuration.connectionsPerAddress) {
                    kept.append(Subchannel(address: address, loop: group.next()))
                }
            }
            state.subchannels = kept
            return removed
        }
        for subchannel in removed { subchannel.shutdown() }
    }

    // MARK: Retry budget

    func recordSuccess() {
        state.withLock { $0.retryTokens = min(configuration.retryTokens, $0.retryTokens + configuration.retryTokenRatio) }
    }

    /// Records a failed attempt; returns whether a retry is within budget.
    func recordFailureAllowsRetry() -> Bool {
        state.withLock { state in
            state.retryTokens = max(0, state.retryTokens - 1)
            return state.retryTokens > configuration.retryTokens / 2
        }
    }
}
