public import Foundation

/// One numbered schema change.
public struct Migration: Sendable, Hashable {
    /// Applied in ascending order; each exactly once.
    public var version: Int
    /// A short name, recorded with the version.
    public var name: String
    /// The SQL, run in one transaction.
    public var sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads `NNNN_name.sql` files from a folder, ordered by number.
    public static func load(from folder: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
        return try files.map { file in
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw PostgresError(.invalidParameter, "migration file '\(file)' is not named NNNN_name.sql")
            }
            let sql = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            return Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql)
        }.sorted { $0.version < $1.version }
    }
}

/// Applies a service's migrations to its schema at start-up.
///
/// Replicas starting together serialise on a session advisory lock keyed by
/// the schema, so each migration is applied exactly once; each runs in a
/// transaction with its row in `<schema>.schema_migrations`.
public enum Migrator {
    /// Applies what is missing; returns the versions applied now.
    @discardableResult
    public static func migrate(_ pool: PostgresPool, schema: String, migrations: [Migration]) async throws -> [Int] {
        guard PostgresListener.isIdentifier(schema) else {
            throw PostgresError(.invalidParameter, "schema '\(schema)' is not a lower-case identifier")
        }
        let versions = migrations.map(\.version)
        guard Set(versions).count == versions.count else {
            throw PostgresError(.invalidParameter, "duplicate migration versions in \(schema)")
        }
        return try await pool.withConnection { session in
            let lockKey = "baton.migrations.\(schema)"
            try await session.query("SELECT pg_advisory_lock(hashtext(\(lockKey)))")
            do {
                // The schema name is a checked identifier from the service's own code.
                try await session.execute("""
                    CREATE SCHEMA IF NOT EXISTS \(schema);
                    CREATE TABLE IF NOT EXISTS \(schema).schema_migrations (
                        version integer PRIMARY KEY,
                        name text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    );
                    """)
                let rows = try await session.query(PostgresQuery(sql: "SELECT version FROM \(schema).schema_migrations"))
                var applied = Set<Int>()
                for row in rows { applied.insert(try row.decode(Int.self, at: 0)) }
                var appliedNow: [Int] = []
                for migration in migrations.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
                    try await session.execute("BEGIN")
                    do {
                        try await session.execute(migration.sql)
                        try await session.query(PostgresQuery(
                            sql: "INSERT INTO \(schema).schema_migrations (version, name) VALUES ($1, $2)",
                            binds: [migration.version.postgresBind, migration.name.postgresBind]))
                        try await session.execute("COMMIT")
                    } catch {
                        try? await session.execute("ROLLBACK")
                        throw PostgresError(.server, "migration \(schema) \(migration.version) (\(migration.name)) failed: \(error)")
                    }
                    appliedNow.append(migration.version)
                }
                try await session.query("SELECT pg_advisory_unlock(hashtext(\(lockKey)))")
                return appliedNow
            } catch {
                _ = try? await session.query("SELECT pg_advisory_unlock(hashtext(\(lockKey)))")
                throw error
            }
        }
    }
}
