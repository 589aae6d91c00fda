/// Why a JWKS document could not be used. A configuration error: the
/// gateway refuses to start (or keeps its previous keys) rather than guess.
public struct JWKSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// Not JSON, or not an object with a `keys` array of objects.
        case malformedDocument
        /// A key of a supported type (EC P-256, OKP Ed25519) is incomplete or invalid.
        case malformedKey
        /// Two supported keys share a `kid`.
        case duplicateKeyID
        /// No key of a supported type.
        case noSupportedKey
    }

    /// The kind of failure.
    public var code: Code
    /// What was wrong, naming the key by its index and `kid`.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
