/// The JWS algorithms the gateway verifies. Anything else (`none`, `HS256`,
/// RSA) is refused before a key is looked at.
public enum JWTAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA on P-256 with SHA-256 (RFC 7518 §3.4): a JWKS key with `kty: EC, crv: P-256`.
    case es256 = "ES256"
    /// Ed25519 (RFC 8037 §3.1): a JWKS key with `kty: OKP, crv: Ed25519`.
    case edDSA = "EdDSA"
}
