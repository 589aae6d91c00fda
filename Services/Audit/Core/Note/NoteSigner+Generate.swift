/// New keys, for `batonctl` and for tests.
extension NoteSigner {
    /// A new key pair for `name` from OpenSSL's random generator: the signer
    /// key to keep secret and the verifier key to publish, in the formats
    /// of Go's note.GenerateKey.
    public static func generateKey(name: String) throws(NoteError) -> (signerKey: String, verifierKey: String) {
        let signer = try NoteSigner(name: name, seed: try Ed25519.randomSeed())
        return (signer.key, signer.verifier.key)
    }
}
