/// A public key that verifies note signatures, from a verifier key
/// `<name>+<hash hex>+<base64(0x01 || 32-byte public key)>`.
public struct NoteVerifier: Hashable, Sendable {
    /// The key name, as on signature lines.
    public let name: String
    /// The key hash (key ID) that starts each of its signatures.
    public let keyHash: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Parses a verifier key, checking its hash against its name and key
    /// and its algorithm, in the order Go's note.NewVerifier does.
    public init(key: String) throws(NoteError) {
        let (name, rest) = NoteKey.chop(key[...])
        let (hashText, keyText) = NoteKey.chop(rest)
        guard let hash = Hex.decodeUInt32(hashText), let material = Base64.decode(keyText), !material.isEmpty,
              NoteKey.isValidName(name)
        else { throw NoteError(.malformedVerifierKey, "not <name>+<hash>+<key>") }
        guard hash == NoteKey.hash(name: name, material: material) else {
            throw NoteError(.keyHashMismatch, "key hash \(hashText) does not match \(name)'s key")
        }
        guard material[0] == NoteKey.ed25519 else {
            throw NoteError(.unknownAlgorithm, "algorithm \(material[0]); only Ed25519 (1) is known")
        }
        guard material.count == 1 + Ed25519.keyLength else {
            throw NoteError(.malformedVerifierKey, "an Ed25519 public key is 32 bytes, not \(material.count - 1)")
        }
        self.name = String(name)
        self.keyHash = hash
        self.publicKey = Array(material.dropFirst())
    }

    /// A verifier for a name and raw public key.
    public init(name: String, publicKey: [UInt8]) throws(NoteError) {
        guard NoteKey.isValidName(name) else { throw NoteError(.invalidKeyName, "invalid key name \"\(name)\"") }
        guard publicKey.count == Ed25519.keyLength else {
            throw NoteError(.malformedVerifierKey, "an Ed25519 public key is 32 bytes, not \(publicKey.count)")
        }
        self.name = name
        self.publicKey = publicKey
        self.keyHash = NoteKey.hash(name: name, publicKey: publicKey)
    }

    /// The verifier key text, to publish.
    public var key: String {
        "\(name)+\(Hex.encode(keyHash))+\(Base64.encode([NoteKey.ed25519] + publicKey))"
    }

    /// True when `signature` (without its 4-byte key hash) signs `message`.
    public func verifies(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        Ed25519.verify(signature, of: message, publicKey: publicKey)
    }
}
