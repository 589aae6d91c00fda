import Dispatch
import Synchronization

/// A bounded pool of Postgres connections.
///
/// A connection is leased to one task at a time (``withConnection(_:)``);
/// callers beyond the limit wait in order, and give up with a
/// ``PostgresError/Code/poolTimeout`` after `acquireTimeout` instead of
/// hanging. All connections are driven by a couple of ``PostgresIOLoop``
/// threads; connections that break are dropped and replaced, and a
/// connection found dead on its first statement after being leased is
/// reconnected and the statement retried once.
public final class PostgresPool: Sendable {
    /// How to connect and how many.
    public struct Configuration: Sendable {
        /// A libpq connection string or URL, such as `postgresql://baton@127.0.0.1:5432/baton`.
        public var url: String
        /// The most connections open at once.
        public var maxConnections: Int
        /// How long a caller waits for a free connection.
        public var acquireTimeout: Duration
        /// How long opening a connection may take (libpq's `connect_timeout`, whole seconds).
        public var connectTimeout: Duration
        /// Server-side limit per statement (`statement_timeout`); nil for none.
        public var statementTimeout: Duration?
        /// Shown in `pg_stat_activity`.
        public var applicationName: String

        /// Creates a configuration.
        public init(url: String, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5),
                    connectTimeout: Duration = .seconds(5), statementTimeout: Duration? = .seconds(30),
                    applicationName: String = "baton") {
            self.url = url
            self.maxConnections = maxConnections
            self.acquireTimeout = acquireTimeout
            self.connectTimeout = connectTimeout
            self.statementTimeout = statementTimeout
            self.applicationName = applicationName
        }

        var libpqParameters: [(String, String)] {
            var options = "-c TimeZone=UTC -c DateStyle=ISO -c client_min_messages=warning"
            if let statementTimeout {
                options += " -c statement_timeout=\(Int(statementTimeout / .milliseconds(1)))"
            }
            return [
                ("dbname", url),
                ("connect_timeout", String(max(1, Int(connectTimeout / .seconds(1))))),
                ("application_name", applicationName),
                ("options", options),
                ("client_encoding", "UTF8"),
            ]
        }
    }

    private struct State {
        var idle: [PostgresWorker] = []
        var open = 0
        var nextID = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<PostgresWorker, any Error>)] = []
        var nextWaiter = 0
        var closed = false
    }

    /// Workers by id, so an I/O loop can flag the one whose connection broke.
    private final class Registry: Sendable {
        let workers = Mutex<[Int: PostgresWorker]>([:])

        func markBroken(_ id: Int) {
            workers.withLock { $0[id] }?.markBroken()
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let state = Mutex(State())
    private let registry = Registry()
    private let loops: [PostgresIOLoop]

    /// Creates a pool; connections open when first needed. `ioThreads`
    /// threads drive all of its connections.
    public init(configuration: Configuration, ioThreads: Int = 2) {
        self.configuration = configuration
        let registry = registry
        loops = (0..<max(1, ioThreads)).map { index in
            // At most 15 bytes, Linux's limit for a thread's name (a longer one is refused).
            PostgresIOLoop(name: "baton-pg-io-\(index)") { id in registry.markBroken(id) }
        }
    }

    /// The task executors that drive the pool's connections. A task doing
    /// much database work can prefer one (`Task(executorPreference:)`); its
    /// statements then run without a thread hop.
    public var executors: [any TaskExecutor] { loops }

    /// Connections open now (idle or leased).
    public var openConnections: Int { state.withLock { $0.open } }
    /// Connections open and idle.
    public var idleConnections: Int { state.withLock { $0.idle.count } }
    /// Callers waiting for a connection.
    public var waitingCallers: Int { state.withLock { $0.waiters.count } }

    // MARK: Leasing

    /// Leases a connection for `body`, then returns it to the pool.
    nonisolated(nonsending) public func withConnection<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        let worker = try await acquire()
        let session = PostgresSession(worker: worker)
        do {
            let result = try await body(session)
            release(worker)
            return result
        } catch {
            release(worker)
            throw error
        }
    }

    /// Runs one statement on a leased connection.
    @discardableResult
    nonisolated(nonsending) public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        // The hot path of most services: no session object for one statement.
        let worker = try await acquire()
        defer { release(worker) }
        return try await worker.runFirstOfLease(.query(query))[0]
    }

    private func makeWorker(_ state: inout State) -> PostgresWorker {
        state.nextID += 1
        let loop = loops.first { $0.isCurrent } ?? loops[state.nextID % loops.count]
        let worker = PostgresWorker(id: state.nextID, loop: loop, parameters: configuration.libpqParameters)
        registry.workers.withLock { $0[worker.id] = worker }
        return worker
    }

    private func discard(_ worker: PostgresWorker) {
        registry.workers.withLock { $0[worker.id] = nil }
        worker.close()
    }

    nonisolated(nonsending) private func acquire() async throws -> PostgresWorker {
        enum Decision {
            case use(PostgresWorker)
            case wait(Int)
            case fail(PostgresError)
        }
        var discarded: [PostgresWorker] = []
        let decision = state.withLock { state -> Decision in
            if state.closed { return .fail(PostgresError(.poolClosed, "the pool is shut down")) }
            // A task running on one of the pool's loops gets a connection of that loop.
            let preferred = state.idle.lastIndex { $0.loop.isCurrent } ?? state.idle.indices.last
            if let index = preferred {
                let worker = state.idle.remove(at: index)
                if !worker.isBroken { return .use(worker) }
                // Its connection died while idle: replace it in the same slot.
                discarded.append(worker)
                return .use(makeWorker(&state))
            }
            if state.open < configuration.maxConnections {
                state.open += 1
                return .use(makeWorker(&state))
            }
            state.nextWaiter += 1
            return .wait(state.nextWaiter)
        }
        discarded.forEach(discard)
        let worker: PostgresWorker
        switch decision {
        case .use(let free): worker = free
        case .fail(let error): throw error
        case .wait(let id):
            let timeout = configuration.acquireTimeout
            worker = try await withCheckedThrowingContinuation { continuation in
                state.withLock { $0.waiters.append((id, continuation)) }
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(timeout / .nanoseconds(1)))) {
                    let expired = self.state.withLock { state -> CheckedContinuation<PostgresWorker, any Error>? in
                        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                        return state.waiters.remove(at: index).continuation
                    }
                    expired?.resume(throwing: PostgresError(
                        .poolTimeout,
                        "no connection free within \(timeout) (\(self.configuration.maxConnections) in use)"))
                }
            }
        }
        // A task running on one of the pool's loops keeps its statements on that thread.
        if let here = loops.first(where: \.isCurrent), worker.loop !== here { await worker.move(to: here) }
        return worker
    }

    private func release(_ worker: PostgresWorker) {
        var discarded: PostgresWorker?
        let handOff = state.withLock { state -> (CheckedContinuation<PostgresWorker, any Error>, PostgresWorker)? in
            var worker = worker
            if worker.isBroken || state.closed {
                discarded = worker
                guard !state.closed, !state.waiters.isEmpty else {
                    state.open -= 1
                    return nil
                }
                // The next waiter gets a new connection in the freed slot.
                worker = makeWorker(&state)
            }
            if !state.waiters.isEmpty {
                return (state.waiters.removeFirst().continuation, worker)
            }
            state.idle.append(worker)
            return nil
        }
        if let discarded { discard(discarded) }
        if let (continuation, next) = handOff { continuation.resume(returning: next) }
    }

    /// Closes idle connections and refuses new leases; leased ones close when returned.
    public func shutdown() {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.idle.removeAll()
                state.waiters.removeAll()
            }
            return (state.idle, state.waiters)
        }
        idle.forEach(discard)
        waiters.forEach { $0.continuation.resume(throwing: PostgresError(.poolClosed, "the pool is shut down")) }
        if state.withLock({ $0.open }) == 0 { loops.forEach { $0.stop() } }
    }

    deinit {
        loops.forEach { $0.stop() }
    }
}

/// A leased connection: statements run one after another on it.
public final class PostgresSession: Sendable {
    let worker: PostgresWorker
    private let used = Atomic<Bool>(false)

    init(worker: PostgresWorker) {
        self.worker = worker
    }

    /// Runs a statement with bound parameters.
    @discardableResult
    nonisolated(nonsending) public func query(_ query: PostgresQuery) async throws(PostgresError) -> PostgresRows {
        try await run(.query(query))[0]
    }

    /// Runs SQL text with no parameters (several statements allowed).
    nonisolated(nonsending) public func execute(_ sql: String) async throws(PostgresError) {
        _ = try await run(.execute(sql))
    }

    /// Runs statements in one pipelined round trip; returns their rows in order.
    nonisolated(nonsending) public func pipeline(_ queries: [PostgresQuery]) async throws(PostgresError) -> [PostgresRows] {
        try await run(.pipeline(queries))
    }

    nonisolated(nonsending) private func run(_ request: PostgresRequest) async throws(PostgresError) -> [PostgresRows] {
        let first = !used.exchange(true, ordering: .relaxed)
        return first ? try await worker.runFirstOfLease(request) : try await worker.run(request)
    }
}
