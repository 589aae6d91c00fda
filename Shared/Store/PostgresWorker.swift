import Dispatch
import Synchronization

/// One connection and the serial queue it lives on. Blocking libpq calls run
/// there, off every event loop and the cooperative pool; the serial queue is
/// also what keeps two threads from using the `PGconn` at once.
///
/// `@unchecked Sendable`: `connection` is only read or written inside jobs on
/// `queue`, which runs them one at a time.
final class PostgresWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    private let parameters: [(String, String)]
    private var connection: PostgresConnection?
    private let broken = Atomic<Bool>(false)

    /// Set after a failure left the connection unusable; the pool drops the worker.
    var isBroken: Bool { broken.load(ordering: .acquiring) }

    init(id: Int, parameters: [(String, String)]) {
        self.queue = DispatchQueue(label: "baton.postgres.\(id)")
        self.parameters = parameters
    }

    /// Runs `body` on the connection's queue, connecting first if needed.
    ///
    /// With `fresh`, the caller has just leased the connection: a connection
    /// that went stale while idle (server restart) is reconnected first, and
    /// if the first statement still finds it gone, it is reconnected and the
    /// statement retried once, since nothing of the lease ran yet.
    func run<T: Sendable>(fresh: Bool = false,
                          _ body: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> T) async throws(PostgresError) -> T {
        let result: Result<T, PostgresError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: Result { () throws(PostgresError) -> T in try execute(fresh: fresh, body) })
            }
        }
        return try result.get()
    }

    private func execute<T>(fresh: Bool, _ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        let connection = try connected(checkHealth: fresh)
        do {
            return try body(connection)
        } catch let error where error.isConnectionLost {
            guard fresh, !connection.inTransaction, connection.reset() else {
                markBroken()
                throw error
            }
            do {
                return try body(connection)
            } catch let error where error.isConnectionLost {
                markBroken()
                throw error
            }
        }
    }

    private func connected(checkHealth: Bool) throws(PostgresError) -> PostgresConnection {
        if let connection {
            if !checkHealth || connection.isHealthy { return connection }
            if connection.reset() { return connection }
            markBroken()
            throw PostgresError(.connectionLost, "reconnecting failed: \(PostgresConnection.message(connection.handle))")
        }
        do {
            let connection = try PostgresConnection(parameters: parameters)
            self.connection = connection
            return connection
        } catch {
            markBroken()
            throw error
        }
    }

    private func markBroken() {
        broken.store(true, ordering: .releasing)
        connection = nil
    }

    /// Closes the connection on its queue.
    func close() {
        queue.async { [self] in connection = nil }
    }
}
