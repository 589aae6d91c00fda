import Foundation
import Store

/// `audit.retention`: each tenant's retention, a row per tenant that has
/// one (no row: details are kept until an erasure). Written only in the
/// transaction that appends the RETENTION_CHANGED entry recording it.
struct RetentionStore: Sendable {
    let pool: PostgresPool

    /// A tenant's retention as stored.
    struct Stored: Sendable {
        /// Seconds after the end of a month.
        var seconds: Int64
        /// When it was set.
        var updateTime: Date
    }

    /// The retention of `tenant`, nil when it has none.
    func retention(tenant: String) async throws -> Stored? {
        try await pool.query("""
            SELECT extract(epoch FROM retention)::bigint AS seconds, update_time FROM audit.retention WHERE tenant_id = \(tenant)
            """).first.map { Stored(seconds: try $0.decode(Int64.self, "seconds"), updateTime: try $0.decode(Date.self, "update_time")) }
    }

    /// Every tenant's retention in seconds.
    func all() async throws -> [(tenant: String, seconds: Int64)] {
        try await pool.query("SELECT tenant_id, extract(epoch FROM retention)::bigint AS seconds FROM audit.retention ORDER BY tenant_id")
            .map { (try $0.decode(String.self, "tenant_id"), try $0.decode(Int64.self, "seconds")) }
    }

    /// Sets the retention of `tenant` to `seconds`, or removes it (nil).
    func set(tenant: String, seconds: Int64?, session: PostgresSession) async throws {
        if let seconds {
            _ = try await session.query("""
                INSERT INTO audit.retention (tenant_id, retention) VALUES (\(tenant), make_interval(secs => \(seconds)))
                ON CONFLICT (tenant_id) DO UPDATE SET retention = excluded.retention, update_time = now()
                """)
        } else {
            _ = try await session.query("DELETE FROM audit.retention WHERE tenant_id = \(tenant)")
        }
    }
}
