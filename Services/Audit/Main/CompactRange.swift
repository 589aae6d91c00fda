import AuditCore

/// The right edge of a Merkle tree being built leaf by leaf: the hashes of
/// its complete subtrees, largest first, one per bit of the size.
struct CompactRange {
    private var subtrees: [(size: UInt64, hash: TreeHash)] = []

    mutating func append(_ leafHash: TreeHash) {
        var node = (size: UInt64(1), hash: leafHash)
        while let last = subtrees.last, last.size == node.size {
            subtrees.removeLast()
            node = (last.size * 2, MerkleTree.nodeHash(last.hash, node.hash))
        }
        subtrees.append(node)
    }

    /// The root of the leaves so far.
    var root: TreeHash {
        guard var hash = subtrees.last?.hash else { return MerkleTree.emptyRoot }
        for left in subtrees.dropLast().reversed() { hash = MerkleTree.nodeHash(left.hash, hash) }
        return hash
    }
}
