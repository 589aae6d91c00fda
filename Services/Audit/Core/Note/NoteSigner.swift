/// A private key that signs notes, from a signer key
/// `PRIVATE+KEY+<name>+<hash hex>+<base64(0x01 || 32-byte seed)>`.
///
/// Its description never shows the seed, so a signer logged by mistake
/// leaks nothing.
public struct NoteSigner: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key name, written on signature lines.
    public let name: String
    /// The key hash (key ID) written before each signature.
    public let keyHash: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]
    /// The 32-byte Ed25519 seed (the private key).
    private let seed: [UInt8]
    /// The seed's key, made once.
    private let privateKey: Ed25519.PrivateKey

    /// Parses a signer key, checking that its hash matches the public key
    /// its seed derives, in the order Go's note.NewSigner does.
    public init(key: String) throws(NoteError) {
        let (private1, rest1) = NoteKey.chop(key[...])
        let (private2, rest2) = NoteKey.chop(rest1)
        let (name, rest3) = NoteKey.chop(rest2)
        let (hashText, keyText) = NoteKey.chop(rest3)
        guard private1 == "PRIVATE", private2 == "KEY", let hash = Hex.decodeUInt32(hashText),
              let material = Base64.decode(keyText), !material.isEmpty, NoteKey.isValidName(name)
        else { throw NoteError(.malformedSignerKey, "not PRIVATE+KEY+<name>+<hash>+<key>") }
        guard material[0] == NoteKey.ed25519 else {
            throw NoteError(.unknownAlgorithm, "algorithm \(material[0]); only Ed25519 (1) is known")
        }
        guard material.count == 1 + Ed25519.keyLength else {
            throw NoteError(.malformedSignerKey, "an Ed25519 seed is 32 bytes, not \(material.count - 1)")
        }
        try self.init(name: String(name), seed: Array(material.dropFirst()))
        guard hash == keyHash else {
            throw NoteError(.keyHashMismatch, "key hash \(hashText) does not match \(name)'s key")
        }
    }

    /// A signer for a name and a 32-byte seed.
    public init(name: String, seed: [UInt8]) throws(NoteError) {
        guard NoteKey.isValidName(name) else { throw NoteError(.invalidKeyName, "invalid key name \"\(name)\"") }
        guard seed.count == Ed25519.keyLength else {
            throw NoteError(.malformedSignerKey, "an Ed25519 seed is 32 bytes, not \(seed.count)")
        }
        self.name = name
        self.seed = seed
        privateKey = try Ed25519.PrivateKey(seed: seed)
        self.publicKey = try privateKey.publicKey()
        self.keyHash = NoteKey.hash(name: name, publicKey: publicKey)
    }

    /// The signer key text, to keep secret.
    public var key: String {
        "PRIVATE+KEY+\(name)+\(Hex.encode(keyHash))+\(Base64.encode([NoteKey.ed25519] + seed))"
    }

    /// The matching verifier, to publish.
    public var verifier: NoteVerifier {
        // The name and key were checked when this signer was made.
        try! NoteVerifier(name: name, publicKey: publicKey)
    }

    /// The Ed25519 signature of `message` (64 bytes, without the key hash).
    public func sign(_ message: [UInt8]) throws(NoteError) -> [UInt8] {
        try privateKey.sign(message)
    }

    /// The name and key hash, never the seed.
    public var description: String { "NoteSigner(\(name)+\(Hex.encode(keyHash)))" }

    /// The same as `description`.
    public var debugDescription: String { description }
}
