import Dispatch
import Synchronization

/// The pool's handle on one connection. The connection itself lives on a
/// ``PostgresIOLoop``; the blocking connect runs on a dispatch thread of its
/// own and hands the connection to the loop. A worker is leased to one task
/// at a time, so its requests never overlap.
final class PostgresWorker: Sendable {
    let id: Int
    /// The loop that drives the connection; it changes only while the worker
    /// is leased (``move(to:)``), so readers of idle workers see a settled value.
    private let currentLoop: Mutex<PostgresIOLoop>
    private let parameters: Parameters
    private let connected = Atomic<Bool>(false)
    private let broken = Atomic<Bool>(false)

    /// libpq keywords and values: immutable strings, handed to the connect thread.
    struct Parameters: @unchecked Sendable {
        let value: [(String, String)]
    }

    /// A connection moving from the thread that opened it to the loop; the
    /// sender never touches it again, so the hand-over is exclusive.
    struct Transfer: @unchecked Sendable {
        let connection: PostgresConnection
    }

    init(id: Int, loop: PostgresIOLoop, parameters: [(String, String)]) {
        self.id = id
        self.currentLoop = Mutex(loop)
        self.parameters = Parameters(value: parameters)
    }

    /// The loop that drives the connection.
    var loop: PostgresIOLoop { currentLoop.withLock { $0 } }

    /// Hands the connection to `target`, so that a task running on that
    /// loop's thread sends and is resumed there, without two thread hops per
    /// statement. Only while leased, between statements.
    nonisolated(nonsending) func move(to target: PostgresIOLoop) async {
        let source = loop
        guard source !== target else { return }
        currentLoop.withLock { $0 = target }
        guard connected.load(ordering: .acquiring) else { return }
        let detached = await withCheckedContinuation { continuation in
            source.post(.detach(id: id, continuation))
        }
        guard let detached else {
            // The old loop dropped it (the server went away): the next statement reconnects.
            connected.store(false, ordering: .releasing)
            return
        }
        await withCheckedContinuation { continuation in
            target.post(.register(id: id, detached.connection, continuation))
        }
    }

    /// Set when the connection broke; the pool replaces the worker.
    var isBroken: Bool { broken.load(ordering: .acquiring) }

    func markBroken() { broken.store(true, ordering: .releasing) }

    /// Sends a request and waits for its results. `nonsending`: it runs on
    /// the caller's executor, so a task on a loop's executor sends at once.
    nonisolated(nonsending) func run(_ request: PostgresRequest) async throws(PostgresError) -> [PostgresRows] {
        if !connected.load(ordering: .acquiring) { try await connect() }
        let result = await withUnsafeContinuation { (continuation: PostgresCompletion) in
            loop.submit(id: id, request, completion: continuation)
        }
        if case .failure(let error) = result, error.isConnectionLost { markBroken() }
        return try result.get()
    }

    /// Runs a request as the first of a lease: a connection that went stale
    /// while idle (a database restart) fails before the statement leaves, so
    /// it is reconnected and the request sent once more.
    nonisolated(nonsending) func runFirstOfLease(_ request: PostgresRequest) async throws(PostgresError) -> [PostgresRows] {
        do {
            return try await run(request)
        } catch where error.code == .connectionUnavailable {
            try await reconnect()
            return try await run(request)
        }
    }

    /// Drops the connection and opens a new one (used when a freshly leased
    /// connection turns out to be dead).
    func reconnect() async throws(PostgresError) {
        loop.post(.close(id: id))
        connected.store(false, ordering: .releasing)
        broken.store(false, ordering: .releasing)
        try await connect()
    }

    private func connect() async throws(PostgresError) {
        let parameters = parameters
        let opened: Result<Transfer, PostgresError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(PostgresError) -> Transfer in
                    let connection = try PostgresConnection(parameters: parameters.value)
                    try connection.prepareForLoop()
                    return Transfer(connection: connection)
                })
            }
        }
        let transfer: Transfer
        do {
            transfer = try opened.get()
        } catch {
            markBroken()
            throw error
        }
        await withCheckedContinuation { continuation in
            loop.post(.register(id: id, transfer.connection, continuation))
        }
        connected.store(true, ordering: .releasing)
    }

    /// Closes the connection on its loop.
    func close() {
        loop.post(.close(id: id))
    }
}
