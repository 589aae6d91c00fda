/// The parts of note keys shared by signers and verifiers: the Ed25519
/// algorithm byte, key names and key hashes, exactly as Go's
/// golang.org/x/mod/sumdb/note writes them.
enum NoteKey {
    /// The signature type byte of Ed25519 in C2SP signed-note.
    static let ed25519: UInt8 = 0x01

    /// The key hash (key ID) of an Ed25519 key: the first four bytes,
    /// big-endian, of SHA-256(name || "\n" || 0x01 || public key).
    static func hash(name: String, publicKey: [UInt8]) -> UInt32 {
        hash(name: name, material: [ed25519] + publicKey)
    }

    /// The key hash over the key material as a key spells it (algorithm
    /// byte, then key), so that a key of an unknown algorithm is checked the
    /// same way before it is refused, as Go does.
    static func hash(name: some StringProtocol, material: [UInt8]) -> UInt32 {
        let digest = Digest.sha256(Array(name.utf8) + [0x0A] + material)
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A valid key name: non-empty, no Unicode white space, no "+" (which
    /// separates the fields of a key), as Go's isValidName.
    static func isValidName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace }
    }

    /// Splits at the first "+", as Go's chop: the key material after the
    /// hash is base64 and may itself contain "+".
    static func chop(_ text: Substring) -> (Substring, Substring) {
        guard let plus = text.firstIndex(of: "+") else { return (text, "") }
        return (text[..<plus], text[text.index(after: plus)...])
    }
}
