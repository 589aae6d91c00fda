import Foundation
import Store

// Applies three migrations to SCHEMA, to race another process doing the
// same (StoreTests starts two at once). Each migration logs a row; the
// second sleeps so that the race window is wide.
// Usage: MigrationRacer DATABASE_URL SCHEMA
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: MigrationRacer DATABASE_URL SCHEMA\n".utf8))
    exit(2)
}
let schema = arguments[2]
let pool = PostgresPool(configuration: .init(url: arguments[1], maxConnections: 1))
let migrations = [
    Migration(version: 1, name: "log", sql: "CREATE TABLE \(schema).log (version int NOT NULL, pid int NOT NULL); INSERT INTO \(schema).log VALUES (1, pg_backend_pid())"),
    Migration(version: 2, name: "slow", sql: "SELECT pg_sleep(0.3); INSERT INTO \(schema).log VALUES (2, pg_backend_pid())"),
    Migration(version: 3, name: "last", sql: "INSERT INTO \(schema).log VALUES (3, pg_backend_pid())"),
]
do {
    let applied = try await Migrator.migrate(pool, schema: schema, migrations: migrations)
    print("applied \(applied)")
    pool.shutdown()
} catch {
    FileHandle.standardError.write(Data("migration failed: \(error)\n".utf8))
    exit(1)
}
