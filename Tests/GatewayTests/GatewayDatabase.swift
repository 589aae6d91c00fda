@testable import baton_gateway
import Foundation
import GatewayCore
import Logging
import Store
import TestSupport

/// The `gateway` schema on the private Postgres (``TestPostgres``), migrated
/// once; each test works in a tenant of its own.
enum GatewayDatabase {
    static let logger = Logger(label: "gateway-tests")

    /// A pool on the migrated schema.
    static func pool() async throws -> PostgresPool {
        let pool = PostgresPool(configuration: .init(url: TestPostgres.url, maxConnections: 4, applicationName: "gateway-tests"))
        try await Migrator.migrate(pool, schema: "gateway", migrations: GatewayMigrations.all)
        return pool
    }

    /// A fresh tenant id.
    static func tenant() -> String {
        "tenant-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// A fresh token (prefix and secret).
    static func token() -> APIKeyToken {
        APIKeyToken.generate()!
    }

    /// Waits until `condition` holds, checking every 20 ms; false if `deadline` passes first.
    static func eventually(within deadline: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

extension Result where Failure == CredentialError {
    /// The refusal's code; nil when accepted.
    var failureCode: CredentialError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
