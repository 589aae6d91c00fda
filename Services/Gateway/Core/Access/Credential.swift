/// Who is calling, once a credential (an API key or a JWT) has been verified.
public struct Credential: Sendable, Hashable {
    /// How the caller proved who it is.
    public enum Kind: String, Sendable, Hashable {
        /// An API key (`bk_<prefix>_<secret>`), looked up by its prefix.
        case apiKey = "api-key"
        /// A JWT bearer token verified against the JWKS.
        case jwt
    }

    /// The tenant the credential belongs to; every request must name this tenant.
    public var tenant: String
    /// What the credential may do.
    public var role: Role
    /// The principal within the tenant: the agent id for agents, a bot or
    /// person id otherwise. Agents may act only as this id.
    public var subject: String
    /// How the caller authenticated.
    public var kind: Kind
    /// The key prefix or the token's `jti`/`sub`: what the access log and the
    /// rate limiter name the caller by (never a secret).
    public var id: String

    /// Creates a credential.
    public init(tenant: String, role: Role, subject: String, kind: Kind, id: String) {
        self.tenant = tenant
        self.role = role
        self.subject = subject
        self.kind = kind
        self.id = id
    }
}
