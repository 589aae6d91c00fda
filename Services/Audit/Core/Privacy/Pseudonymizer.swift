import COpenSSL

/// Keyed pseudonyms of a tenant's identifiers: "ps_" followed by the
/// lowercase hex of HMAC-SHA-256(tenant key, kind || ":" || id), truncated
/// to 32 hex digits (128 bits). The same identifier always gives the same
/// pseudonym under one key version, so records about one customer stay
/// linkable; without the key nobody can go from a pseudonym back to the
/// identifier, and a holder of the tenant key can re-identify by computing
/// the pseudonym of a candidate identifier.
public struct Pseudonymizer: Sendable {
    /// The tenant key.
    public let key: [UInt8]
    /// Its version, recorded with each entry.
    public let version: UInt32

    /// The pseudonymizer of tenant key `key`.
    public init(key: [UInt8], version: UInt32) {
        self.key = key
        self.version = version
    }

    /// The tenant key of `tenant`, derived from the service's pseudonym
    /// secret: HMAC-SHA-256(secret, "baton-audit pseudonym key v<version>\n" || tenant).
    /// Deriving rather than storing keeps the keys out of the database.
    public static func tenantKey(secret: [UInt8], tenant: String, version: UInt32) -> [UInt8] {
        KeyDerivation.derive(secret: secret, label: "baton-audit pseudonym key v\(version)\n\(tenant)")
    }

    /// The pseudonym of identifier `id` of `kind` (such as "customer").
    public func pseudonym(kind: String, id: String) -> String {
        let mac = HMACSHA256.mac(key: key, message: Array("\(kind):\(id)".utf8))
        return "ps_" + Hex.encode(Array(mac.prefix(16)))
    }
}
