public import Foundation
public import Store
public import Wire

/// A service's outbox of finished audit records (`<schema>.audit_outbox`:
/// `id bigserial`, `idempotency_key text`, `record bytea`), written in the
/// transaction of the decision each records and read by ``AuditShipper``.
/// With no audit service configured (`enabled` false) nothing is written.
/// The statements are the owning service's (its `Store/` keeps its SQL);
/// this type runs them.
public struct AuditRecordOutbox: Sendable {
    /// The outbox table's three statements.
    public struct Table: Sendable {
        /// Inserts a record's bytes under its idempotency key.
        public var insert: @Sendable (_ key: String, _ record: Data) -> PostgresQuery
        /// Reads `id`, `idempotency_key` and `record` of the oldest `limit` rows, oldest first.
        public var pending: @Sendable (_ limit: Int64) -> PostgresQuery
        /// Deletes the rows `ids`.
        public var delete: @Sendable (_ ids: [Int64]) -> PostgresQuery

        /// A table's statements.
        public init(insert: @escaping @Sendable (_ key: String, _ record: Data) -> PostgresQuery,
                    pending: @escaping @Sendable (_ limit: Int64) -> PostgresQuery,
                    delete: @escaping @Sendable (_ ids: [Int64]) -> PostgresQuery) {
            self.insert = insert
            self.pending = pending
            self.delete = delete
        }
    }

    let pool: PostgresPool
    let table: Table
    /// Whether records are written (an audit service is configured).
    let enabled: Bool

    /// The outbox `table` over `pool`.
    public init(pool: PostgresPool, table: Table, enabled: Bool) {
        self.pool = pool
        self.table = table
        self.enabled = enabled
    }

    /// Writes `record` under `key` inside the caller's transaction.
    public func add(_ record: AuditV1.AuditRecord, key: String, session: PostgresSession) async throws {
        guard enabled else { return }
        try await session.query(table.insert(key, Data(record.serializedBytes())))
    }

    /// The oldest `limit` records.
    public func pending(limit: Int) async throws -> [AuditShipper.Pending] {
        try await pool.query(table.pending(Int64(limit))).map(AuditShipper.Pending.init(row:))
    }

    /// Forgets records appended.
    public func shipped(_ ids: [Int64]) async throws {
        try await pool.query(table.delete(ids))
    }
}
