/// A change to an API key, sent on Postgres' `gateway_keys` channel in the
/// transaction that makes it: the one owner of its payload format, which
/// the store encodes with ``payload`` and every gateway replica parses with
/// ``init(payload:)``.
///
/// A payload is tab-separated: the kind, the tenant, the key's prefix.
/// Tenants never hold control characters (the service refuses them) and
/// prefixes are base32, so a tab cannot appear inside a field.
///
/// | kind | meaning |
/// | --- | --- |
/// | `created` | a new key (by CreateKey or RotateKey) |
/// | `revoked` | a key's revoke time was set (now, or at the end of a rotation's overlap) |
public enum KeyNotification: Sendable, Hashable {
    /// A key was created.
    case created(tenant: String, prefix: String)
    /// A key was revoked, or its revocation scheduled.
    case revoked(tenant: String, prefix: String)

    /// The channel every gateway replica listens on.
    public static let channel = "gateway_keys"

    /// The tenant of the key.
    public var tenant: String {
        switch self {
        case .created(let tenant, _), .revoked(let tenant, _): tenant
        }
    }

    /// The key it concerns.
    public var prefix: String {
        switch self {
        case .created(_, let prefix), .revoked(_, let prefix): prefix
        }
    }

    /// The payload to send.
    public var payload: String {
        switch self {
        case .created(let tenant, let prefix): ["created", tenant, prefix].joined(separator: "\t")
        case .revoked(let tenant, let prefix): ["revoked", tenant, prefix].joined(separator: "\t")
        }
    }

    /// The notification of `payload`; nil for a payload this build does not
    /// know (a newer replica's kind, or a malformed one).
    public init?(payload: String) {
        let fields = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, !fields[1].isEmpty, !fields[2].isEmpty else { return nil }
        switch fields[0] {
        case "created": self = .created(tenant: fields[1], prefix: fields[2])
        case "revoked": self = .revoked(tenant: fields[1], prefix: fields[2])
        default: return nil
        }
    }
}
