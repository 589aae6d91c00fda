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

    /// Stores new keys (version 1) for `owners`, unless one exists.
    func insert(tenant: String, owners: [String], keys: [Wrapped], session: PostgresSession) async throws {
        try await session.query("""
            INSERT INTO audit.sealing_keys (tenant_id, owner, version, nonce, wrapped_key)
            SELECT \(tenant), v.o, 1, v.n, v.k FROM unnest(\(owners), \(keys.map { Data($0.nonce) }), \(keys.map { Data($0.wrappedKey) }))
                AS v(o, n, k)
            ON CONFLICT DO NOTHING
            """)
    }
}
