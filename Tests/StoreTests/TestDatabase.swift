import Foundation
import Store
import TestSupport

/// The private Postgres the tests use (``TestPostgres``), with pools and
/// schemas of their own.
enum TestDatabase {
    static let repositoryRoot = TestPostgres.repositoryRoot

    static let url = TestPostgres.url

    /// Runs `deploy/local/postgres` with `arguments` and returns what it printed.
    @discardableResult
    static func postgres(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let result = try await Subprocess.runDetached(repositoryRoot.appendingPathComponent("deploy/local/postgres").path,
                                                      arguments, environment: environment)
        guard result.status == 0 else {
            throw PostgresError(.connectionFailed, "deploy/local/postgres \(arguments) exited \(result.status)")
        }
        return result.text
    }

    static func pool(maxConnections: Int = 4, acquireTimeout: Duration = .seconds(5),
                     statementTimeout: Duration? = .seconds(30), url: String = url) -> PostgresPool {
        PostgresPool(configuration: .init(url: url, maxConnections: maxConnections, acquireTimeout: acquireTimeout,
                                          statementTimeout: statementTimeout, applicationName: "baton-tests"))
    }

    /// A fresh schema name for one test.
    static func schema(_ prefix: String) -> String {
        "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
    }
}
