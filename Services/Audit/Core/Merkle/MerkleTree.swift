/// RFC 6962 / RFC 9162 Merkle tree hashing (section 2.1.1 of RFC 9162):
/// leaf hash = SHA-256(0x00 || entry), node hash = SHA-256(0x01 || left ||
/// right), and the root of n leaves splits at the largest power of two below n.
public enum MerkleTree {
    /// The root of the empty tree: SHA-256 of nothing.
    public static let emptyRoot = TreeHash(digest: Digest.sha256([]))

    /// The leaf hash of an entry. The 0x00 prefix keeps a leaf from ever
    /// being mistaken for a node (second-preimage resistance).
    public static func leafHash(_ entry: [UInt8]) -> TreeHash {
        entry.withUnsafeBytes { leafHash($0) }
    }

    /// The leaf hash of an entry's bytes where they lie (a row read from the
    /// database), copied nowhere but into the hash's input.
    public static func leafHash(_ entry: UnsafeRawBufferPointer) -> TreeHash {
        Digest.sha256(prefix: 0x00, entry)
    }

    /// The hash of an interior node from its two children.
    public static func nodeHash(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        Digest.sha256(prefix: 0x01, left, right)
    }

    /// The root of the tree whose leaf hashes are `leafHashes`, all in memory
    /// (tests, small trees); the service uses `rootHash(size:reader:)`.
    public static func rootHash(leafHashes: [TreeHash]) -> TreeHash {
        guard !leafHashes.isEmpty else { return emptyRoot }
        return subtreeHash(leafHashes[...])
    }

    /// The root of the first `size` leaves, from stored subtree hashes:
    /// at most one hash per bit of `size` is read.
    public static func rootHash(size: UInt64, reader: some HashReader) throws -> TreeHash {
        guard size > 0 else { return emptyRoot }
        return ProofPlan.fold(try read(subtreesForRoot(size: size), from: reader))
    }

    /// The complete subtrees whose hashes make the root of the first `size`
    /// leaves (one per set bit of `size`, largest first), for reading in one
    /// batch or finding their tiles; also every left sibling the next leaves
    /// can need, so a service appending a batch reads these and nothing else.
    public static func subtreesForRoot(size: UInt64) -> [Subtree] {
        ProofPlan.range(0, size)
    }

    /// The hash of a run of leaf hashes (RFC 9162 MTH), recursively.
    static func subtreeHash(_ leaves: ArraySlice<TreeHash>) -> TreeHash {
        if leaves.count == 1 { return leaves[leaves.startIndex] }
        let split = leaves.startIndex + Int(largestPowerOfTwo(below: UInt64(leaves.count)))
        return nodeHash(subtreeHash(leaves[..<split]), subtreeHash(leaves[split...]))
    }

    /// The largest power of two strictly below `n` (n >= 2): where RFC 9162
    /// splits a tree of n leaves.
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    /// Reads the subtrees one list of a plan needs, checking the reader's answer.
    static func read(_ subtrees: [Subtree], from reader: some HashReader) throws -> [TreeHash] {
        guard !subtrees.isEmpty else { return [] }
        let hashes = try reader.hashes(of: subtrees)
        guard hashes.count == subtrees.count else {
            throw ProofError(.readerMismatch, "asked for \(subtrees.count) hashes, got \(hashes.count)")
        }
        return hashes
    }
}
