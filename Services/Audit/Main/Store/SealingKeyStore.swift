import AuditCore
import Foundation
import Store

/// `audit.sealing_keys`: the keys that seal records' free text, one per
/// customer pseudonym ('' for records about no customer) and calendar month
/// of record_time (its period), each wrapped with the service's
/// key-encryption key. Erasing a customer deletes all their rows; retention
/// deletes whole months.
struct SealingKeyStore: Sendable {
    let pool: PostgresPool

    /// A wrapped key as stored.
    struct Wrapped: Sendable {
        var version: UInt32
        var period: SealingPeriod
        var wrapping: SealingKeyWrapping
        var nonce: [UInt8]
        var wrappedKey: [UInt8]
    }

    /// The newest key of `period` of each owner of `tenant` among `owners`.
    func keys(tenant: String, owners: [String], period: SealingPeriod, session: PostgresSession? = nil) async throws -> [String: Wrapped] {
        let query: PostgresQuery = """
            SELECT DISTINCT ON (owner) owner, period::text AS period, version, wrapping, nonce, wrapped_key FROM audit.sealing_keys
            WHERE tenant_id = \(tenant) AND owner = ANY(\(owners)) AND period = \(period.firstDay)::date ORDER BY owner, version DESC
            """
        let rows: PostgresRows
        if let session { rows = try await session.query(query) } else { rows = try await pool.query(query) }
        var keys: [String: Wrapped] = [:]
        for row in rows { keys[try row.decode(String.self, "owner")] = try Self.wrapped(row) }
        return keys
    }

    /// Every stored key of each owner of `tenant` among `owners`, of every
    /// period and version (what opens entries sealed under any of them).
    func allKeys(tenant: String, owners: [String]) async throws -> [String: [Wrapped]] {
        guard !owners.isEmpty else { return [:] }
        var keys: [String: [Wrapped]] = [:]
        for row in try await pool.query("""
            SELECT owner, period::text AS period, version, wrapping, nonce, wrapped_key FROM audit.sealing_keys WHERE tenant_id = \(tenant) AND owner = ANY(\(owners))
            """) {
            keys[try row.decode(String.self, "owner"), default: []].append(try Self.wrapped(row))
        }
        return keys
    }

    /// Stores new keys of `period` for `owners`, unless one exists. A key's
    /// version is one more than the erasures of its owner recorded in the
    /// log, so a key made after an erasure never reuses an erased key's
    /// version. Returns the keys as stored, with their versions.
    func insert(tenant: String, owners: [String], period: SealingPeriod, keys: [Wrapped], session: PostgresSession) async throws
        -> [String: Wrapped] {
        var stored: [String: Wrapped] = [:]
        for row in try await session.query("""
            INSERT INTO audit.sealing_keys (tenant_id, owner, period, version, wrapping, nonce, wrapped_key)
            SELECT \(tenant), v.o, \(period.firstDay)::date,
                   1 + (SELECT count(*) FROM audit.entries e
                        WHERE e.tenant_id = \(tenant) AND e.kind = \(constant: AuditErasure.kind)
                          AND e.subjects @> ARRAY['customer:' || v.o]),
                   \(constant: SealingKeyWrapping.tenantOwnerAndPeriod), v.n, v.k
            FROM unnest(\(owners), \(keys.map { Data($0.nonce) }), \(keys.map { Data($0.wrappedKey) })) AS v(o, n, k)
            ON CONFLICT DO NOTHING
            RETURNING owner, period::text AS period, version, wrapping, nonce, wrapped_key
            """) {
            stored[try row.decode(String.self, "owner")] = try Self.wrapped(row)
        }
        return stored
    }

    /// The version a new key of each of `owners` gets: one more than the
    /// erasures of the owner recorded in the log (as ``insert(tenant:owners:period:keys:session:)`` numbers them).
    func nextVersions(tenant: String, owners: [String]) async throws -> [String: UInt32] {
        var versions: [String: UInt32] = [:]
        for row in try await pool.query("""
            SELECT v.o AS owner, 1 + (SELECT count(*) FROM audit.entries e
                                      WHERE e.tenant_id = \(tenant) AND e.kind = \(constant: AuditErasure.kind)
                                        AND e.subjects @> ARRAY['customer:' || v.o]) AS version
            FROM unnest(\(owners)) AS v(o)
            """) {
            versions[try row.decode(String.self, "owner")] = UInt32(try row.decode(Int64.self, "version"))
        }
        return versions
    }

    /// The statement that stores `keys` (by owner) with their versions and
    /// periods as given; a key already stored makes it fail (a pipelined
    /// append then goes exclusive).
    static func insertStatement(tenant: String, keys: [(owner: String, key: Wrapped)]) -> PostgresQuery {
        """
        INSERT INTO audit.sealing_keys (tenant_id, owner, period, version, wrapping, nonce, wrapped_key)
        SELECT \(tenant), v.o, v.p::date, v.v, \(constant: SealingKeyWrapping.tenantOwnerAndPeriod), v.n, v.k
        FROM unnest(\(keys.map(\.owner)), \(keys.map(\.key.period.firstDay)), \(keys.map { Int32($0.key.version) }),
                    \(keys.map { Data($0.key.nonce) }), \(keys.map { Data($0.key.wrappedKey) })) AS v(o, p, v, n, k)
        """
    }

    /// Deletes every key of `owner`, of every period (an erasure); returns the versions deleted.
    func delete(tenant: String, owner: String, session: PostgresSession) async throws -> [UInt32] {
        let versions = try await session.query("""
            DELETE FROM audit.sealing_keys WHERE tenant_id = \(tenant) AND owner = \(owner) RETURNING version
            """).map { UInt32(try $0.decode(Int32.self, "version")) }
        return Array(Set(versions)).sorted()
    }

    /// Deletes every key of `tenant` whose period is before `period` (retention); returns how many.
    func deletePeriods(tenant: String, before period: SealingPeriod) async throws -> Int {
        try await pool.query("""
            DELETE FROM audit.sealing_keys WHERE tenant_id = \(tenant) AND period < \(period.firstDay)::date RETURNING version
            """).count
    }

    /// A row of (owner, period as text, version, wrapping, nonce, wrapped_key) as a key.
    private static func wrapped(_ row: PostgresRow) throws -> Wrapped {
        let periodText = try row.decode(String.self, "period")
        guard let period = SealingPeriod(firstDay: periodText) else {
            throw AuditFailure(.inconsistent, "a sealing key's period '\(periodText)' is not the first day of a month")
        }
        let wrappingValue = try row.decode(Int32.self, "wrapping")
        guard let wrapping = Int16(exactly: wrappingValue).flatMap(SealingKeyWrapping.init(rawValue:)) else {
            throw AuditFailure(.inconsistent, "a sealing key's wrapping \(wrappingValue) is unknown")
        }
        return Wrapped(version: UInt32(try row.decode(Int32.self, "version")), period: period, wrapping: wrapping,
                       nonce: [UInt8](try row.decode(Data.self, "nonce")), wrappedKey: [UInt8](try row.decode(Data.self, "wrapped_key")))
    }
}
