import Foundation
import ServiceKit
import Store
import Wire

/// `signals.tenant_thresholds`: each tenant's thresholds, whole, with a revision.
struct ThresholdStore: Sendable {
    let pool: PostgresPool

    /// The stored thresholds of `tenant`, or nil when it never set any.
    func thresholds(of tenant: String) async throws -> SignalsV1.Thresholds? {
        let rows = try await pool.query("SELECT thresholds FROM signals.tenant_thresholds WHERE tenant_id = \(tenant)")
        guard let row = rows.first else { return nil }
        return try SignalsV1.Thresholds(serializedBytes: [UInt8](try row.decode(Data.self, "thresholds")))
    }

    /// Every tenant's stored thresholds.
    func all() async throws -> [(tenant: String, thresholds: SignalsV1.Thresholds)] {
        try await pool.query("SELECT tenant_id, thresholds FROM signals.tenant_thresholds").map {
            (try $0.decode(String.self, "tenant_id"),
             try SignalsV1.Thresholds(serializedBytes: [UInt8](try $0.decode(Data.self, "thresholds"))))
        }
    }

    /// The stored revision of `tenant` (0 when none), the row locked for the caller's transaction.
    func lockRevision(of tenant: String, session: PostgresSession) async throws -> Int64 {
        let rows = try await session.query("SELECT revision FROM signals.tenant_thresholds WHERE tenant_id = \(tenant) FOR UPDATE")
        return try rows.first.map { try $0.decode(Int64.self, "revision") } ?? 0
    }

    /// Stores `bytes` as revision `revision` of `tenant`'s thresholds.
    func save(_ bytes: Data, tenant: String, revision: Int64, session: PostgresSession) async throws {
        try await session.query("""
            INSERT INTO signals.tenant_thresholds (tenant_id, revision, thresholds) VALUES (\(tenant), \(revision), \(bytes))
            ON CONFLICT (tenant_id) DO UPDATE SET revision = EXCLUDED.revision, thresholds = EXCLUDED.thresholds,
                updated_at = now()
            """)
    }
}
