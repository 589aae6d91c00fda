/// Why a signed note, a key or a signature was refused.
public struct NoteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// Not a signed note: control characters, invalid UTF-8, no blank
        /// line before the signatures, a malformed signature line, or more
        /// than 100 signatures.
        case malformedNote
        /// Text to sign that does not end in a newline or holds control characters.
        case malformedText
        /// A signer key that is not `PRIVATE+KEY+<name>+<hash>+<key>`.
        case malformedSignerKey
        /// A verifier key that is not `<name>+<hash>+<key>`.
        case malformedVerifierKey
        /// A key whose hash is not the hash of its name and public key.
        case keyHashMismatch
        /// A key of an algorithm other than Ed25519 (0x01).
        case unknownAlgorithm
        /// A key name that is empty or holds a space or "+".
        case invalidKeyName
        /// Two known verifiers with the same name and key hash.
        case ambiguousVerifier
        /// A signature by a known key that does not verify: the whole note is refused.
        case invalidSignature
        /// No signature by any known key.
        case noKnownSignature
        /// OpenSSL failed (out of memory, no randomness).
        case cryptoFailure
    }

    /// What went wrong.
    public var code: Code
    /// Details for people (never a private key).
    public var detail: String

    /// An error with `code` and `detail`.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// "code: detail".
    public var description: String { "\(code.rawValue): \(detail)" }
}
