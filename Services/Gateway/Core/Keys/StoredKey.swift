public import Foundation

/// An API key as the gateway holds it: everything needed to accept or
/// refuse a presented token, and nothing more (no name, no usage).
public struct StoredKey: Sendable, Hashable {
    /// The key's public id.
    public var prefix: String
    /// The tenant it belongs to.
    public var tenant: String
    /// What it may do.
    public var role: Role
    /// Who it speaks for.
    public var subject: String
    /// The SHA-256 of the secret.
    public var secretHash: [UInt8]
    /// When it stops working; nil if never.
    public var expireTime: Date?
    /// When it was (or, in a rotation's overlap, will be) revoked; nil if not.
    public var revokeTime: Date?

    /// Creates a stored key.
    public init(prefix: String, tenant: String, role: Role, subject: String, secretHash: [UInt8],
                expireTime: Date? = nil, revokeTime: Date? = nil) {
        self.prefix = prefix
        self.tenant = tenant
        self.role = role
        self.subject = subject
        self.secretHash = secretHash
        self.expireTime = expireTime
        self.revokeTime = revokeTime
    }

    /// The credential `secret` proves at `now`, or why it proves none. The
    /// secret is checked first, so that whoever knows only a prefix learns
    /// nothing about the key (not even that it was revoked).
    public func authenticate(secret: String, now: Date) -> Result<Credential, CredentialError> {
        guard APIKeyToken.matches(secret: secret, storedHash: secretHash) else {
            return .failure(CredentialError(.unknownKey, "unknown API key"))
        }
        if let revokeTime, revokeTime <= now {
            return .failure(CredentialError(.revoked, "API key \(prefix) was revoked"))
        }
        if let expireTime, expireTime <= now {
            return .failure(CredentialError(.expired, "API key \(prefix) expired"))
        }
        return .success(Credential(tenant: tenant, role: role, subject: subject, kind: .apiKey, id: prefix))
    }
}
