public import Foundation
import Wire

/// Verifies JWT bearer tokens against a JWKS and maps their claims to a
/// ``Credential``: the gateway's whole JWT policy, as a value.
///
/// A token is accepted when its `alg` is ES256 or EdDSA and is the algorithm
/// of the key its `kid` names (a token without `kid` is accepted only when
/// exactly one key has its `alg`), its signature verifies, `exp` is ahead and
/// `nbf` (if any) behind (both give or take the clock skew), `iss` is the
/// issuer, `aud` contains the audience, and it carries `sub`, `baton_tenant`
/// and a `baton_role` that is a ``Role``. Claims are read only once the
/// signature verifies.
public struct JWTVerifier: Sendable {
    /// The keys.
    public var keys: JWKS
    /// The required `iss`.
    public var issuer: String
    /// The audience `aud` must contain.
    public var audience: String
    /// How far `exp` and `nbf` may be off the gateway's clock, between zero and ``maxClockSkew``.
    public let clockSkew: Duration
    /// The longest token read, in bytes.
    public var maxTokenSize: Int

    /// The skew allowed when none is configured.
    public static let defaultClockSkew = Duration.seconds(30)
    /// The largest skew accepted; a larger setting is capped to it.
    public static let maxClockSkew = Duration.seconds(300)
    /// The token size limit when none is configured (as for all credential metadata).
    public static let defaultMaxTokenSize = PresentedCredential.maxValueSize

    /// Creates a verifier; `clockSkew` is capped to 0...``maxClockSkew``.
    public init(keys: JWKS, issuer: String, audience: String, clockSkew: Duration = defaultClockSkew,
                maxTokenSize: Int = defaultMaxTokenSize) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.clockSkew = min(max(clockSkew, .zero), Self.maxClockSkew)
        self.maxTokenSize = maxTokenSize
    }

    /// The credential `token` proves at `now`, or why it proves none.
    public func verify(_ token: String, now: Date) throws(CredentialError) -> Credential {
        let jwt = try CompactJWT(parsing: token, maxSize: maxTokenSize)
        let key = try signingKey(for: jwt.header)
        guard key.verify(jwt.signature, of: jwt.signingInput) else {
            throw CredentialError(.badSignature, "JWT signature does not verify with key \(Self.shown(key.keyID))")
        }
        return try credential(from: JWTClaims(json: jwt.payload), now: now)
    }

    /// The key that must have signed a token with `header`.
    func signingKey(for header: JWTHeader) throws(CredentialError) -> SigningKey {
        guard let algorithm = JWTAlgorithm(rawValue: header.algorithm) else {
            throw CredentialError(.badSignature, "JWT alg \(Self.shown(header.algorithm)) is not allowed (ES256 or EdDSA)")
        }
        guard let kid = header.keyID else {
            let fitting = keys.keys.filter { $0.algorithm == algorithm }
            guard fitting.count == 1 else {
                throw CredentialError(.unknownSigningKey, "JWT has no kid and \(fitting.count) keys are \(algorithm.rawValue) keys")
            }
            return fitting[0]
        }
        guard let key = keys.key(id: kid) else {
            throw CredentialError(.unknownSigningKey, "no JWKS key has kid \(Self.shown(kid))")
        }
        guard key.algorithm == algorithm else {
            throw CredentialError(.badSignature, "JWT alg \(algorithm.rawValue) is not the alg of key \(Self.shown(kid)) (\(key.algorithm.rawValue))")
        }
        return key
    }

    /// The credential verified `claims` grant at `now`.
    public func credential(from claims: JWTClaims, now: Date) throws(CredentialError) -> Credential {
        let seconds = now.timeIntervalSince1970
        let skew = clockSkew.timeInterval
        guard let expiry = claims.expiry else { throw CredentialError(.badClaims, "JWT claim exp is missing") }
        guard seconds < Double(expiry) + skew else {
            throw CredentialError(.expired, "JWT expired: exp \(expiry) is before now (\(Int64(seconds.rounded(.down))))")
        }
        if let notBefore = claims.notBefore, seconds < Double(notBefore) - skew {
            throw CredentialError(.notYetValid, "JWT not valid yet: nbf \(notBefore) is after now (\(Int64(seconds.rounded(.down))))")
        }
        guard let tokenIssuer = claims.issuer else { throw CredentialError(.wrongIssuer, "JWT claim iss is missing") }
        guard tokenIssuer == issuer else {
            throw CredentialError(.wrongIssuer, "JWT iss \(Self.shown(tokenIssuer)) is not \(Self.shown(issuer))")
        }
        guard let audiences = claims.audience else { throw CredentialError(.wrongAudience, "JWT claim aud is missing") }
        guard audiences.contains(audience) else {
            throw CredentialError(.wrongAudience, "JWT aud does not contain \(Self.shown(audience))")
        }
        guard let subject = claims.subject, !subject.isEmpty else {
            throw CredentialError(.badClaims, "JWT claim sub is missing or empty")
        }
        guard let tenant = claims.tenant, !tenant.isEmpty else {
            throw CredentialError(.badClaims, "JWT claim baton_tenant is missing or empty")
        }
        guard let roleName = claims.role else { throw CredentialError(.badClaims, "JWT claim baton_role is missing") }
        guard let role = Role(rawValue: roleName) else {
            let roles = Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw CredentialError(.badClaims, "JWT claim baton_role \(Self.shown(roleName)) is not a role (\(roles))")
        }
        let id = claims.tokenID.flatMap { $0.isEmpty ? nil : $0 } ?? "jwt:" + subject
        return Credential(tenant: tenant, role: role, subject: subject, kind: .jwt, id: id)
    }

    /// A value from the token, quoted and cut to 64 characters for messages
    /// (the caller chose it; the access log should not carry kilobytes of it).
    static func shown(_ value: String) -> String {
        let limit = 64
        return value.count <= limit ? "\"\(value)\"" : "\"\(value.prefix(limit))…\""
    }
}
