import Foundation
import Store

/// The private Postgres the tests use: `BATON_DATABASE_URL` when `make test`
/// set it, otherwise the checkout's cluster, started on demand.
enum TestDatabase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let url: String = {
        if let url = ProcessInfo.processInfo.environment["BATON_DATABASE_URL"], !url.isEmpty { return url }
        return try! postgres(["start"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// Runs `deploy/local/postgres` with `arguments` and returns what it printed.
    @discardableResult
    static func postgres(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = repositoryRoot.appendingPathComponent("deploy/local/postgres")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresError(.connectionFailed, "deploy/local/postgres \(arguments) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
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
