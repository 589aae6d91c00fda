import Foundation
import GatewayCore
import Store
import Wire

/// `gateway.api_keys`: the tenants' API keys, their hashes, revocations and
/// last uses. Every create, rotate and revoke sends its `KeyNotification`s
/// in its own transaction.
struct APIKeyStore: Sendable {
    let pool: PostgresPool

    /// How a rotation ended.
    enum Rotation: Sendable {
        /// The new key, and the old one with its revoke time.
        case rotated(new: GatewayV1.KeyInfo, previous: GatewayV1.KeyInfo)
        /// The tenant has no key with this prefix.
        case notFound
        /// The key is revoked, or was rotated already (its revoke time is set).
        case alreadyRevoked(GatewayV1.KeyInfo)
    }

    /// Stores a new key for `token` (its hash only) and announces it.
    func create(_ token: APIKeyToken, tenant: String, role: Role, subject: String, name: String,
                expireTime: Date?) async throws -> GatewayV1.KeyInfo {
        try await pool.transaction { session in
            let rows = try await session.query("""
                INSERT INTO gateway.api_keys (prefix, tenant_id, role, subject, name, secret_sha256, expire_time)
                VALUES (\(token.prefix), \(tenant), \(role.rawValue), \(subject), \(name), \(Data(token.secretHash)), \(expireTime))
                RETURNING prefix, tenant_id, role, subject, name, create_time, expire_time, revoke_time, last_used_time, rotated_from
                """)
            try await session.query(KeyNotifications.send([.created(tenant: tenant, prefix: token.prefix)]))
            return try Self.info(rows[0])
        }
    }

    /// Replaces key `prefix` of `tenant` with `token`: same role, subject and
    /// name; `expireTime`, or the old key's lifetime from now; the old key
    /// revoked `overlap` from now. Both changes are announced.
    func rotate(tenant: String, prefix: String, to token: APIKeyToken, overlap: Duration,
                expireTime: Date?) async throws -> Rotation {
        try await pool.transaction { session in
            let old = try await session.query("""
                SELECT prefix, tenant_id, role, subject, name, create_time, expire_time, revoke_time, last_used_time, rotated_from FROM gateway.api_keys
                WHERE tenant_id = \(tenant) AND prefix = \(prefix) FOR UPDATE
                """)
            guard let row = old.first else { return .notFound }
            let previous = try Self.info(row)
            guard previous.revokeTime == nil else { return .alreadyRevoked(previous) }
            let overlapMicroseconds = overlap.components.seconds * 1_000_000 + overlap.components.attoseconds / 1_000_000_000_000
            let results = try await session.pipeline([
                """
                INSERT INTO gateway.api_keys (prefix, tenant_id, role, subject, name, secret_sha256, expire_time, rotated_from)
                SELECT \(token.prefix), tenant_id, role, subject, name, \(Data(token.secretHash)),
                    COALESCE(\(expireTime), now() + (expire_time - create_time)), prefix
                FROM gateway.api_keys WHERE prefix = \(prefix)
                RETURNING prefix, tenant_id, role, subject, name, create_time, expire_time, revoke_time, last_used_time, rotated_from
                """,
                """
                UPDATE gateway.api_keys SET revoke_time = now() + \(overlapMicroseconds) * interval '1 microsecond'
                WHERE prefix = \(prefix)
                RETURNING prefix, tenant_id, role, subject, name, create_time, expire_time, revoke_time, last_used_time, rotated_from
                """,
                KeyNotifications.send([.created(tenant: tenant, prefix: token.prefix), .revoked(tenant: tenant, prefix: prefix)]),
            ])
            return .rotated(new: try Self.info(results[0][0]), previous: try Self.info(results[1][0]))
        }
    }

    /// Revokes key `prefix` of `tenant` now (also one in a rotation's
    /// overlap) and announces it; a key already revoked stays as it is. Nil
    /// when the tenant has no such key.
    func revoke(tenant: String, prefix: String) async throws -> GatewayV1.KeyInfo? {
        try await pool.transaction { session in
            let revoked = try await session.query("""
                UPDATE gateway.api_keys SET revoke_time = now()
                WHERE tenant_id = \(tenant) AND prefix = \(prefix) AND (revoke_time IS NULL OR revoke_time > now())
                RETURNING prefix, tenant_id, role, subject, name, create_time, expire_time, revoke_time, last_used_time, rotated_from
                """)
            if let row = revoked.first {
                try await session.query(KeyNotifications.send([.revoked(tenant: tenant, prefix: prefix)]))
                return try Self.info(row)
            }
            let existing = try await session.query("""
                SELECT prefix, tenant_id, role, subject, name, create_time, expire_time, revoke_time, last_used_time, rotated_from FROM gateway.api_keys WHERE tenant_id = \(tenant) AND prefix = \(prefix)
                """)
            return try existing.first.map(Self.info)
        }
    }

    /// The tenant's keys, newest first; without `includeRevoked`, only those
    /// still working or in a rotation's overlap.
    func list(tenant: String, includeRevoked: Bool) async throws -> [GatewayV1.KeyInfo] {
        try await pool.query("""
            SELECT prefix, tenant_id, role, subject, name, create_time, expire_time, revoke_time, last_used_time, rotated_from FROM gateway.api_keys
            WHERE tenant_id = \(tenant) AND (\(includeRevoked) OR revoke_time IS NULL OR revoke_time > now())
            ORDER BY create_time DESC, prefix
            """).map(Self.info)
    }

    /// The key with `prefix`, as the directory checks it; nil when there is none.
    func key(prefix: String) async throws -> StoredKey? {
        try await pool.query("""
            SELECT prefix, tenant_id, role, subject, secret_sha256, expire_time, revoke_time FROM gateway.api_keys
            WHERE prefix = \(prefix)
            """).first.map(Self.storedKey)
    }

    /// Every key, as the directory checks them.
    func all() async throws -> [StoredKey] {
        try await pool.query("""
            SELECT prefix, tenant_id, role, subject, secret_sha256, expire_time, revoke_time FROM gateway.api_keys
            """).map(Self.storedKey)
    }

    /// Records when keys were last used, all in one statement; a time older
    /// than the stored one (from a slower replica) changes nothing.
    func recordUse(_ uses: [String: Date]) async throws {
        guard !uses.isEmpty else { return }
        let prefixes = Array(uses.keys)
        let microseconds = prefixes.map { Int64((uses[$0]!.timeIntervalSince1970 * 1_000_000).rounded()) }
        try await pool.query("""
            UPDATE gateway.api_keys k
            SET last_used_time = GREATEST(k.last_used_time, timestamptz 'epoch' + v.us * interval '1 microsecond')
            FROM unnest(\(prefixes), \(microseconds)) AS v(prefix, us)
            WHERE k.prefix = v.prefix
            """)
    }

    private static func storedKey(_ row: PostgresRow) throws -> StoredKey {
        StoredKey(prefix: try row.decode(String.self, "prefix"), tenant: try row.decode(String.self, "tenant_id"),
                  role: try role(row), subject: try row.decode(String.self, "subject"),
                  secretHash: [UInt8](try row.decode(Data.self, "secret_sha256")),
                  expireTime: try row.decode(Date?.self, "expire_time"), revokeTime: try row.decode(Date?.self, "revoke_time"))
    }

    /// A listed key from a row of the listing's columns (never the hash).
    private static func info(_ row: PostgresRow) throws -> GatewayV1.KeyInfo {
        var info = GatewayV1.KeyInfo()
        info.prefix = try row.decode(String.self, "prefix")
        info.tenantID = try row.decode(String.self, "tenant_id")
        info.role = try role(row).wire
        info.subject = try row.decode(String.self, "subject")
        info.name = try row.decode(String.self, "name")
        info.createTime = GoogleProtobuf.Timestamp(date: try row.decode(Date.self, "create_time"))
        info.expireTime = try row.decode(Date?.self, "expire_time").map(GoogleProtobuf.Timestamp.init(date:))
        info.revokeTime = try row.decode(Date?.self, "revoke_time").map(GoogleProtobuf.Timestamp.init(date:))
        info.lastUsedTime = try row.decode(Date?.self, "last_used_time").map(GoogleProtobuf.Timestamp.init(date:))
        info.rotatedFrom = try row.decode(String?.self, "rotated_from") ?? ""
        return info
    }

    private static func role(_ row: PostgresRow) throws -> Role {
        let name = try row.decode(String.self, "role")
        guard let role = Role(rawValue: name) else { throw PostgresError(.decoding, "unknown role '\(name)' in gateway.api_keys") }
        return role
    }
}
