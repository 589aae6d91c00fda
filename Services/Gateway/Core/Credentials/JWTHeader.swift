import Wire

/// The JOSE header of a JWT (RFC 7515 §4): the members the gateway reads.
public struct JWTHeader: Sendable, Hashable {
    /// `alg`, as written (checked against ``JWTAlgorithm`` by the verifier).
    public var algorithm: String
    /// `kid`: which JWKS key signed the token.
    public var keyID: String?
    /// `typ`, when given.
    public var type: String?

    /// Creates a header.
    public init(algorithm: String, keyID: String? = nil, type: String? = nil) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.type = type
    }

    /// Reads a header from its JSON bytes. `crit` is refused: the gateway
    /// understands no header extension, and RFC 7515 §4.1.11 says a token
    /// naming one it does not understand is invalid.
    public init(json: [UInt8]) throws(CredentialError) {
        var algorithm: String?
        var keyID: String?
        var type: String?
        do {
            try JOSEJSON.readDocument(json) { (name, reader) throws(JSONError) in
                switch name {
                case "alg": algorithm = try reader.readString()
                case "kid": keyID = try reader.readString()
                case "typ": type = try reader.readString()
                case "crit": throw reader.error(.unknownField, "no header extension is understood")
                default: try reader.skipValue()
                }
            }
        } catch {
            throw CredentialError(.malformed, "JWT header: \(error)")
        }
        guard let algorithm else { throw CredentialError(.malformed, "JWT header: alg is missing") }
        self.init(algorithm: algorithm, keyID: keyID, type: type)
    }
}
