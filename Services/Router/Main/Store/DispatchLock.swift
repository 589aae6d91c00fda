import Store

/// A tenant's dispatch lock: a transaction-level advisory lock, so one
/// replica dispatches a tenant at a time (two passes never reserve the same
/// free slot) and paths that take offers away (cancel, callback, an agent
/// going away, a transfer) never race a pass that is making one. Passes
/// only try it; other paths wait for it, which cannot deadlock with passes.
enum DispatchLock {
    /// Takes the lock until the transaction ends, if free; false when
    /// another transaction holds it.
    static func tryTake(tenant: String, session: PostgresSession) async throws -> Bool {
        let rows = try await session.query("SELECT pg_try_advisory_xact_lock(hashtextextended(\(key(tenant)), 0)) AS locked")
        return try rows[0].decode(Bool.self, "locked")
    }

    /// Waits for the lock and holds it until the transaction ends.
    static func wait(tenant: String, session: PostgresSession) async throws {
        try await session.query("SELECT true AS held FROM (SELECT pg_advisory_xact_lock(hashtextextended(\(key(tenant)), 0))) AS waited")
    }

    private static func key(_ tenant: String) -> String {
        "baton.router.dispatch:\(tenant)"
    }
}
