import AuditCore
import Foundation
import Store

extension LogStore {
    /// What Query filters on, in the stored forms: principals and subjects
    /// as the `principal` and `subjects` columns hold them.
    struct QueryFilter: Sendable {
        /// Decided at or after.
        var start: Date?
        /// Decided before.
        var end: Date?
        /// Kind numbers; empty: all.
        var kinds: [Int32] = []
        /// "<principal kind number>:<id or pseudonym>" candidates; empty: any.
        var principals: [String] = []
        /// "<subject kind name>:<id or pseudonym>"; nil: any.
        var subject: String?
        /// Lowest index (inclusive), after the page cursor is applied.
        var lowest: UInt64?
        /// Highest index (inclusive), after the page cursor is applied.
        var highest: UInt64?
        /// Newest first.
        var descending = false
    }

    /// At most `limit` entries of `tenant` matching `filter`, in index order
    /// (descending when asked).
    func query(tenant: String, filter: QueryFilter, limit: Int) async throws -> [StoredEntry] {
        let lowest = filter.lowest.map { Int64(clamping: $0) }
        let highest = filter.highest.map { Int64(clamping: $0) }
        // Two texts rather than a bound direction: ORDER BY cannot take a parameter.
        let rows: PostgresRows
        if filter.descending {
            rows = try await pool.query("""
                SELECT idx, entry, leaf_hash FROM audit.entries
                WHERE tenant_id = \(tenant)
                  AND (\(filter.start)::timestamptz IS NULL OR decide_time >= \(filter.start))
                  AND (\(filter.end)::timestamptz IS NULL OR decide_time < \(filter.end))
                  AND (cardinality(\(filter.kinds)::int4[]) = 0 OR kind = ANY(\(filter.kinds)))
                  AND (cardinality(\(filter.principals)::text[]) = 0 OR principal = ANY(\(filter.principals)))
                  AND (\(filter.subject)::text IS NULL OR subjects @> ARRAY[\(filter.subject)::text])
                  AND idx >= coalesce(\(lowest)::int8, 0) AND (\(highest)::int8 IS NULL OR idx <= \(highest))
                ORDER BY idx DESC LIMIT \(Int64(limit))
                """)
        } else {
            rows = try await pool.query("""
                SELECT idx, entry, leaf_hash FROM audit.entries
                WHERE tenant_id = \(tenant)
                  AND (\(filter.start)::timestamptz IS NULL OR decide_time >= \(filter.start))
                  AND (\(filter.end)::timestamptz IS NULL OR decide_time < \(filter.end))
                  AND (cardinality(\(filter.kinds)::int4[]) = 0 OR kind = ANY(\(filter.kinds)))
                  AND (cardinality(\(filter.principals)::text[]) = 0 OR principal = ANY(\(filter.principals)))
                  AND (\(filter.subject)::text IS NULL OR subjects @> ARRAY[\(filter.subject)::text])
                  AND idx >= coalesce(\(lowest)::int8, 0) AND (\(highest)::int8 IS NULL OR idx <= \(highest))
                ORDER BY idx LIMIT \(Int64(limit))
                """)
        }
        return try rows.map {
            StoredEntry(index: UInt64(try $0.decode(Int64.self, "idx")), entry: [UInt8](try $0.decode(Data.self, "entry")),
                        leafHash: TreeHash([UInt8](try $0.decode(Data.self, "leaf_hash"))))
        }
    }

    /// Entries about `customer` (a pseudonym) below index `before` and after
    /// the customer's latest erasure entry below it: those sealed under the
    /// keys that erasure's successor deletes. Inside the caller's transaction.
    func entriesSinceErasure(tenant: String, customer: String, before: UInt64, session: PostgresSession) async throws -> UInt64 {
        let subject = "customer:\(customer)"
        let row = try await session.query("""
            SELECT count(*) AS n FROM audit.entries
            WHERE tenant_id = \(tenant) AND subjects @> ARRAY[\(subject)::text] AND kind <> \(constant: AuditErasure.kind) AND idx < \(Int64(before))
              AND idx > coalesce((SELECT max(idx) FROM audit.entries
                                  WHERE tenant_id = \(tenant) AND subjects @> ARRAY[\(subject)::text] AND kind = \(constant: AuditErasure.kind)
                                    AND idx < \(Int64(before))), -1)
            """)[0]
        return UInt64(try row.decode(Int64.self, "n"))
    }
}

extension LogStore {
    /// Entries of `tenant` of `kinds` decided in [`from`, `to`), in index order.
    func decided(tenant: String, from: Date, to: Date, kinds: [Int32]) async throws -> [StoredEntry] {
        try await pool.query("""
            SELECT idx, entry, leaf_hash FROM audit.entries
            WHERE tenant_id = \(tenant) AND decide_time >= \(from) AND decide_time < \(to) AND kind = ANY(\(kinds))
            ORDER BY idx
            """).map {
            StoredEntry(index: UInt64(try $0.decode(Int64.self, "idx")), entry: [UInt8](try $0.decode(Data.self, "entry")),
                        leafHash: TreeHash([UInt8](try $0.decode(Data.self, "leaf_hash"))))
        }
    }

    /// Every tenant with a log.
    func tenants() async throws -> [String] {
        try await pool.query("SELECT tenant_id FROM audit.logs ORDER BY tenant_id").map { try $0.decode(String.self, "tenant_id") }
    }
}
