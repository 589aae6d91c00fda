/// The tiles a server reads, or a client fetches, to compute a proof.
///
/// A client that holds only a signed checkpoint also needs the root's tiles
/// (`tilesForRoot`) to check every other tile against the signed root hash,
/// as Go's tlog.TileHashReader does; a server reading its own tiles does not.
extension TileLayout {
    /// The tiles holding the root's subtrees in a tree of `size` leaves.
    public static func tilesForRoot(size: UInt64) -> [Tile] {
        // Every subtree of the root is complete in the tree by construction.
        try! tiles(for: MerkleTree.subtreesForRoot(size: size), treeSize: size)
    }

    /// The tiles holding the inclusion proof of leaf `index` in the tree of `size` leaves.
    public static func tilesForInclusion(index: UInt64, size: UInt64) throws -> [Tile] {
        try tiles(for: MerkleTree.subtreesForInclusion(index: index, size: size), treeSize: size)
    }

    /// The tiles of the tree of `newSize` leaves holding the consistency
    /// proof from `oldSize`.
    public static func tilesForConsistency(oldSize: UInt64, newSize: UInt64) throws -> [Tile] {
        try tiles(for: MerkleTree.subtreesForConsistency(oldSize: oldSize, newSize: newSize), treeSize: newSize)
    }
}
