/// A C2SP checkpoint (c2sp.org/tlog-checkpoint): the body of the signed note
/// a log publishes for each tree head.
///
///     <origin>
///     <tree size in decimal>
///     <base64 root hash>
///     [extension lines]
public struct Checkpoint: Hashable, Sendable {
    /// The log's identity, such as "audit.baton.example/tenant/acme".
    public let origin: String
    /// Leaves in the tree.
    public let size: UInt64
    /// The RFC 6962 root of the first `size` leaves.
    public let rootHash: TreeHash
    /// Opaque extra lines, each non-empty (not recommended by the spec:
    /// monitors cannot audit them).
    public let extensions: [String]

    /// A checkpoint; throws if the origin is empty or any line holds a
    /// newline or other control character.
    public init(origin: String, size: UInt64, rootHash: TreeHash, extensions: [String] = []) throws(CheckpointError) {
        for line in [origin] + extensions {
            guard !line.isEmpty, !line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw CheckpointError(.invalidLine, "an empty line or one with a control character")
            }
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// The note text, ending in a newline.
    public var text: String {
        ([origin, String(size), rootHash.base64] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses a checkpoint body strictly: at least three lines, each
    /// non-empty and ending in a newline; a size in decimal without sign or
    /// leading zeros that fits 64 bits; a root in canonical padded base64 of
    /// exactly 32 bytes.
    public init(text: String) throws(CheckpointError) {
        guard text.utf8.last == 0x0A else { throw CheckpointError(.malformed, "no final newline") }
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw CheckpointError(.malformed, "fewer than three lines") }
        let sizeText = lines[1]
        guard sizeText.utf8.allSatisfy({ (0x30...0x39).contains($0) }), sizeText == "0" || !sizeText.hasPrefix("0"),
              let size = UInt64(sizeText)
        else { throw CheckpointError(.malformed, "tree size \"\(sizeText)\" is not a decimal without leading zeros") }
        guard let root = TreeHash(base64: lines[2]) else {
            throw CheckpointError(.malformed, "root hash is not the base64 of 32 bytes")
        }
        try self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines[3...]))
    }
}
