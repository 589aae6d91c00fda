import Foundation
import Store

/// `audit.sealing_keys`: the keys that seal records' free text, one per
/// customer pseudonym ('' for records about no customer), each wrapped with
/// the service's key-encryption key. Erasing a customer deletes their row.
struct SealingKeyStore: Sendable {
    let pool: PostgresPool

    /// A wrapped key as stored.
    struct Wrapped: Sendable {
        var version: UInt32
        var nonce: [UInt8]
        var wrappedKey: [UInt8]
    }

    /// The newest key of each owner of `tenant` among `owners`.
    func keys(tenant: String, owners: [String], session: PostgresSession? = nil) async throws -> [String: Wrapped] {
        let query: PostgresQuery = """
            SELECT DISTINCT ON (owner) owner, version, nonce, wrapped_key FROM audit.sealing_keys
            WHERE tenant_id = \(tenant) AND owner = ANY(\(owners)) ORDER BY owner, version DESC
            """
        let rows: PostgresRows
        if let session { rows = try await session.query(query) } else { rows = try await pool.query(query) }
        var keys: [String: Wrapped] = [:]
        for row in rows {
            keys[try row.decode(String.self, "owner")] = Wrapped(
                version: UInt32(try row.decode(Int32.self, "version")), nonce: [UInt8](try row.decode(Data.self, "nonce")),
                wrappedKey: [UInt8](try row.decode(Data.self, "wrapped_key")))
        }
        return keys
    }

    /// Every stored key of each owner of `tenant` among `owners`, by version
    /// (what opens entries sealed under any of them).
    func allVersions(tenant: String, owners: [String]) async throws -> [String: [UInt32: Wrapped]] {
        guard !owners.isEmpty else { return [:] }
        var keys: [String: [UInt32: Wrapped]] = [:]
        for row in try await pool.query("""
            SELECT owner, version, nonce, wrapped_key FROM audit.sealing_keys WHERE tenant_id = \(tenant) AND owner = ANY(\(owners))
            """) {
            let wrapped = Wrapped(version: UInt32(try row.decode(Int32.self, "version")), nonce: [UInt8](try row.decode(Data.self, "nonce")),
                                  wrappedKey: [UInt8](try row.decode(Data.self, "wrapped_key")))
            keys[try row.decode(String.self, "owner"), default: [:]][wrapped.version] = wrapped
        }
        return keys
    }

    /// Stores new keys for `owners`, unless one exists. A key's version is
    /// one more than the erasures of its owner recorded in the log, so a key
    /// made after an erasure never reuses an erased key's version.
    /// Returns the keys as stored, with their versions.
    func insert(tenant: String, owners: [String], keys: [Wrapped], session: PostgresSession) async throws -> [String: Wrapped] {
        var stored: [String: Wrapped] = [:]
        for row in try await session.query("""
            INSERT INTO audit.sealing_keys (tenant_id, owner, version, nonce, wrapped_key)
            SELECT \(tenant), v.o, 1 + (SELECT count(*) FROM audit.entries e
                                        WHERE e.tenant_id = \(tenant) AND e.kind = \(Int32(AuditErasure.kind))
                                          AND e.subjects @> ARRAY['customer:' || v.o]),
                   v.n, v.k
            FROM unnest(\(owners), \(keys.map { Data($0.nonce) }), \(keys.map { Data($0.wrappedKey) })) AS v(o, n, k)
            ON CONFLICT DO NOTHING
            RETURNING owner, version, nonce, wrapped_key
            """) {
            stored[try row.decode(String.self, "owner")] = Wrapped(
                version: UInt32(try row.decode(Int32.self, "version")), nonce: [UInt8](try row.decode(Data.self, "nonce")),
                wrappedKey: [UInt8](try row.decode(Data.self, "wrapped_key")))
        }
        return stored
    }

    /// The version a new key of each of `owners` gets: one more than the
    /// erasures of the owner recorded in the log (as ``insert(tenant:owners:keys:session:)`` numbers them).
    func nextVersions(tenant: String, owners: [String]) async throws -> [String: UInt32] {
        var versions: [String: UInt32] = [:]
        for row in try await pool.query("""
            SELECT v.o AS owner, 1 + (SELECT count(*) FROM audit.entries e
                                      WHERE e.tenant_id = \(tenant) AND e.kind = \(Int32(AuditErasure.kind))
                                        AND e.subjects @> ARRAY['customer:' || v.o]) AS version
            FROM unnest(\(owners)) AS v(o)
            """) {
            versions[try row.decode(String.self, "owner")] = UInt32(try row.decode(Int64.self, "version"))
        }
        return versions
    }

    /// The statement that stores `keys` (by owner) with their versions as
    /// given; a key already stored makes it fail (a pipelined append then goes exclusive).
    static func insertStatement(tenant: String, keys: [(owner: String, key: Wrapped)]) -> PostgresQuery {
        """
        INSERT INTO audit.sealing_keys (tenant_id, owner, version, nonce, wrapped_key)
        SELECT \(tenant), v.o, v.v, v.n, v.k
        FROM unnest(\(keys.map(\.owner)), \(keys.map { Int32($0.key.version) }), \(keys.map { Data($0.key.nonce) }),
                    \(keys.map { Data($0.key.wrappedKey) })) AS v(o, v, n, k)
        """
    }

    /// Deletes every key of `owner` (an erasure); returns the versions deleted.
    func delete(tenant: String, owner: String, session: PostgresSession) async throws -> [UInt32] {
        try await session.query("""
            DELETE FROM audit.sealing_keys WHERE tenant_id = \(tenant) AND owner = \(owner) RETURNING version
            """).map { UInt32(try $0.decode(Int32.self, "version")) }.sorted()
    }
}
