extension PostgresPool {
    /// A transaction isolation level.
    public enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` in a transaction on one leased connection and commits it.
    /// A serialization failure or deadlock (SQLSTATE 40001, 40P01) rolls back
    /// and runs `body` again, up to `maxAttempts` times with a short random
    /// pause; any other error rolls back and is rethrown. `body` may run more
    /// than once, so it should only touch the database.
    public func transaction<T: Sendable>(
        isolation: Isolation = .readCommitted, maxAttempts: Int = 5,
        _ body: (PostgresSession) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withConnection { session in
                    try await session.execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                    do {
                        let result = try await body(session)
                        try await session.execute("COMMIT")
                        return result
                    } catch {
                        try? await session.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch let error as PostgresError where error.isRetryableConflict && attempt < maxAttempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int64.random(in: 1...(5 << min(attempt, 5)))))
            }
        }
    }
}

extension PostgresPool {
    /// Runs `queries` as one transaction in one round trip: BEGIN, the
    /// statements and COMMIT pipelined on one leased connection. A failing
    /// statement makes the server skip the rest; the transaction is then
    /// rolled back and the error rethrown. For writes whose statements do not
    /// depend on each other's results in Swift (a statement may guard itself
    /// on an earlier one's effect in SQL); returns each statement's rows.
    public func pipelinedTransaction(_ queries: [PostgresQuery]) async throws -> [PostgresRows] {
        try await withConnection { session in
            do {
                let results = try await session.pipeline([PostgresQuery(sql: "BEGIN")] + queries + [PostgresQuery(sql: "COMMIT")])
                return Array(results.dropFirst().dropLast())
            } catch {
                try? await session.execute("ROLLBACK")
                throw error
            }
        }
    }
}
