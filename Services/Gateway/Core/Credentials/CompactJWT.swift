/// A JWT in JWS compact serialization (RFC 7515 §7.1), split and decoded but
/// not verified: `base64url(header) "." base64url(claims) "." base64url(signature)`.
public struct CompactJWT: Sendable, Hashable {
    /// The decoded header.
    public var header: JWTHeader
    /// The claims set's JSON bytes: read (``JWTClaims``) only once the signature verifies.
    public var payload: [UInt8]
    /// The bytes the signature covers: the first two parts as written, with their dot.
    public var signingInput: [UInt8]
    /// The decoded signature.
    public var signature: [UInt8]

    /// Splits and decodes `token`, refusing anything longer than `maxSize`
    /// bytes before looking at it.
    public init(parsing token: String, maxSize: Int) throws(CredentialError) {
        let bytes = Array(token.utf8.prefix(maxSize + 1))
        guard bytes.count <= maxSize else { throw CredentialError(.malformed, "JWT is longer than \(maxSize) bytes") }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw CredentialError(.malformed, "JWT has \(parts.count) parts, not 3 (header.claims.signature)")
        }
        let names = ["header", "claims", "signature"]
        var decoded: [[UInt8]] = []
        for (part, name) in zip(parts, names) {
            guard !part.isEmpty else { throw CredentialError(.malformed, "JWT \(name) is empty") }
            guard let value = Base64URL.decode(part) else {
                throw CredentialError(.malformed, "JWT \(name) is not unpadded base64url")
            }
            decoded.append(value)
        }
        header = try JWTHeader(json: decoded[0])
        payload = decoded[1]
        signature = decoded[2]
        signingInput = Array(bytes[..<parts[1].endIndex])
    }
}
