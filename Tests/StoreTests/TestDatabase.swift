import Foundation
import Store
import TestSupport

/// The private Postgres the tests use: `BATON_DATABASE_URL` when `make test`
/// set it, otherwise the checkout's cluster, started on demand.
enum TestDatabase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let url: String = {
        if let url = ProcessInfo.processInfo.environment["BATON_DATABASE_URL"], !url.isEmpty { return url }
        let result = try! Subprocess.run(repositoryRoot.appendingPathComponent("deploy/local/postgres").path, ["start"])
        return result.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

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
