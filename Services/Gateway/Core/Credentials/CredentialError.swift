/// Why a presented credential was not accepted. Every case is answered with
/// UNAUTHENTICATED; the message names what was wrong (never the secret).
public struct CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// No `authorization` (or `x-api-key`) metadata.
        case missing
        /// The metadata is not a Bearer token, an API key or a well-formed JWT.
        case malformed
        /// No key with this prefix, or the secret does not match (not told apart, on purpose).
        case unknownKey
        /// The key was revoked.
        case revoked
        /// The key or token is past its expiry (`exp` plus the allowed skew).
        case expired
        /// The token's `nbf` is still ahead (beyond the allowed skew).
        case notYetValid
        /// The JWT's signature does not verify, or its `alg` is not allowed for its key.
        case badSignature
        /// No JWKS key has the token's `kid`.
        case unknownSigningKey
        /// `iss` is not the configured issuer.
        case wrongIssuer
        /// `aud` does not contain the configured audience.
        case wrongAudience
        /// A claim the gateway needs (tenant, role, subject) is missing or invalid.
        case badClaims
        /// The credential could not be checked now (the key store is unreachable, or too many unknown
        /// keys are being looked up at once): UNAVAILABLE, which clients retry, not UNAUTHENTICATED,
        /// which tells them their credential is bad.
        case uncheckable
    }

    /// The kind of failure.
    public var code: Code
    /// A message for the caller and the access log.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
