import Wire

/// The claims of a JWT the gateway reads (RFC 7519 §4.1 and Baton's own);
/// other claims are skipped. Reading checks only JSON types; what the values
/// must be is the verifier's business.
public struct JWTClaims: Sendable, Hashable {
    /// `iss`.
    public var issuer: String?
    /// `sub`: the principal (an agent id for agents).
    public var subject: String?
    /// `aud`, a string read as a one-element list.
    public var audience: [String]?
    /// `exp`, seconds since 1970.
    public var expiry: Int64?
    /// `nbf`, seconds since 1970.
    public var notBefore: Int64?
    /// `jti`.
    public var tokenID: String?
    /// `baton_tenant`.
    public var tenant: String?
    /// `baton_role`, as written (a ``Role`` raw value when valid).
    public var role: String?

    /// Creates claims.
    public init(issuer: String? = nil, subject: String? = nil, audience: [String]? = nil, expiry: Int64? = nil,
                notBefore: Int64? = nil, tokenID: String? = nil, tenant: String? = nil, role: String? = nil) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiry = expiry
        self.notBefore = notBefore
        self.tokenID = tokenID
        self.tenant = tenant
        self.role = role
    }

    /// Reads a claims set from its JSON bytes: not a JSON object, or a claim
    /// given twice, is `malformed`; a claim of the wrong type is `badClaims`
    /// naming it.
    public init(json: [UInt8]) throws(CredentialError) {
        var claims = JWTClaims()
        do {
            try JOSEJSON.readDocument(json) { (name, reader) throws(JSONError) in
                switch name {
                case "iss": claims.issuer = try reader.readString()
                case "sub": claims.subject = try reader.readString()
                case "aud": claims.audience = try JOSEJSON.readStrings(&reader)
                case "exp": claims.expiry = try JOSEJSON.readNumericDate(&reader)
                case "nbf": claims.notBefore = try JOSEJSON.readNumericDate(&reader)
                case "jti": claims.tokenID = try reader.readString()
                case "baton_tenant": claims.tenant = try reader.readString()
                case "baton_role": claims.role = try reader.readString()
                default: try reader.skipValue()
                }
            }
        } catch {
            let typeError: Set<JSONError.Code> = [.wrongType, .notAnInteger, .outOfRange]
            let code: CredentialError.Code = typeError.contains(error.code) && !error.path.isEmpty ? .badClaims : .malformed
            throw CredentialError(code, error.path.isEmpty ? "JWT claims: \(error)" : "JWT claim \(error)")
        }
        self = claims
    }
}
