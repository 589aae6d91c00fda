/// A SHA-256 hash in a Merkle tree: a leaf hash, a node hash or a root.
///
/// Always exactly 32 bytes, so that a proof element or root that arrives with
/// another length is refused where it is decoded rather than compared.
public struct TreeHash: Hashable, Sendable, CustomStringConvertible {
    /// Bytes in a SHA-256 hash.
    public static let byteCount = 32

    /// The 32 bytes.
    public let bytes: [UInt8]

    /// The hash with these bytes; nil unless there are exactly 32.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = Array(bytes)
    }

    /// For digests this module computed itself, which are 32 bytes by construction.
    init(digest: [UInt8]) {
        precondition(digest.count == Self.byteCount, "a SHA-256 digest is 32 bytes")
        self.bytes = digest
    }

    /// The hash from its standard base64 (RFC 4648 section 4, padded,
    /// canonical); nil for anything else or another length.
    public init?(base64: String) {
        guard let bytes = Base64.decode(base64) else { return nil }
        self.init(bytes)
    }

    /// Standard base64, as in checkpoints.
    public var base64: String { Base64.encode(bytes) }

    /// Lowercase hex, for logs and messages.
    public var description: String { Hex.encode(bytes) }
}
