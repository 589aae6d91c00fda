public import Foundation

/// The private Postgres tests use: `BATON_DATABASE_URL` when `make test` set
/// it, otherwise the checkout's cluster (`deploy/local/postgres`), started on demand.
public enum TestPostgres {
    /// The checkout's root.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The database URL.
    public static let url: String = {
        if let url = ProcessInfo.processInfo.environment["BATON_DATABASE_URL"], !url.isEmpty { return url }
        let result = try! Subprocess.run(repositoryRoot.appendingPathComponent("deploy/local/postgres").path, ["start"])
        return result.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }()
}
