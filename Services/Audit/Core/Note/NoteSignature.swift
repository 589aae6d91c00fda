/// One signature line of a note: "— <name> <base64(key hash || signature)>".
public struct NoteSignature: Hashable, Sendable {
    /// The key name.
    public var name: String
    /// The key hash (key ID) from the first four bytes.
    public var keyHash: UInt32
    /// The base64 text as it appeared on the line.
    public var base64: String

    /// A signature line's fields.
    public init(name: String, keyHash: UInt32, base64: String) {
        self.name = name
        self.keyHash = keyHash
        self.base64 = base64
    }

    /// The line, with its newline.
    public var line: String { "\u{2014} \(name) \(base64)\n" }

    /// Name and key hash: a known key verifies once however often it signed.
    struct Key: Hashable {
        var name: String
        var keyHash: UInt32
    }

    /// This signature's name and key hash.
    var key: Key { Key(name: name, keyHash: keyHash) }
}
