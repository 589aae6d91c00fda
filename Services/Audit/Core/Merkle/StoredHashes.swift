/// The layout of the hashes the log persists, the same as Go's
/// golang.org/x/mod/sumdb/tlog: appending leaf n stores its leaf hash and
/// then the hash of every complete subtree that leaf completes, so that any
/// root, inclusion proof or consistency proof needs only stored hashes.
///
/// Hashes are numbered in the order they are stored, from 0; `index(of:)`
/// gives a subtree's number without a lookup, so the service keeps them in
/// one table keyed by (tenant, index) and never rewrites a row.
public enum StoredHashes {
    /// The stored-hash number of a complete subtree (tlog.StoredHashIndex).
    ///
    /// Valid for subtrees that end within 2^62 leaves; the numbering grows
    /// as about twice the leaf count.
    public static func index(of subtree: Subtree) -> UInt64 {
        // The subtree is stored right after its last leaf (and the lower
        // subtrees that leaf completes): find that leaf's number, then add
        // the level.
        var last = subtree.index
        for _ in 0..<subtree.level { last = 2 * last + 1 }
        // Hashes stored before leaf `last`'s own: for each earlier leaf, one
        // plus the subtrees it completed, which sums to last + last/2 + last/4 + ...
        var before: UInt64 = 0
        var n = last
        while n > 0 {
            before += n
            n >>= 1
        }
        return before + UInt64(subtree.level)
    }

    /// The subtree stored at a number (tlog.SplitStoredHashIndex).
    public static func subtree(at storedIndex: UInt64) -> Subtree {
        // Leaf n is stored at about 2n; start below and walk forward.
        var leaf = storedIndex / 2
        var leafIndex = index(of: Subtree(level: 0, index: leaf))
        while leafIndex > storedIndex {
            leaf -= 1
            leafIndex = index(of: Subtree(level: 0, index: leaf))
        }
        while true {
            let next = leafIndex + 1 + UInt64((leaf + 1).trailingZeroBitCount)
            if next > storedIndex { break }
            leaf += 1
            leafIndex = next
        }
        let level = Int(storedIndex - leafIndex)
        return Subtree(level: level, index: leaf >> UInt64(level))
    }

    /// How many hashes a tree of `size` leaves has stored (tlog.StoredHashCount).
    public static func count(forSize size: UInt64) -> UInt64 {
        guard size > 0 else { return 0 }
        // Everything up to the last leaf's own hash, then the subtrees it completes.
        return index(of: Subtree(level: 0, index: size - 1)) + 1 + UInt64(size.trailingZeroBitCount)
    }

    /// The hashes to store when appending the leaf at `leafIndex` (so the
    /// tree grows to `leafIndex + 1` leaves), to be written at stored
    /// indexes `index(of: Subtree(level: 0, index: leafIndex))` onwards
    /// (tlog.StoredHashesForRecordHash).
    ///
    /// Reads from `reader` the left siblings of the subtrees the leaf
    /// completes: at most one hash per level.
    public static func hashesToStore(leafIndex: UInt64, leafHash: TreeHash, reader: some HashReader) throws -> [TreeHash] {
        // The leaf completes one subtree per trailing one bit of its index.
        let completed = (leafIndex + 1).trailingZeroBitCount
        let siblings = (0..<completed).map { level in
            Subtree(level: level, index: (leafIndex >> UInt64(level)) - 1)
        }
        let left = try MerkleTree.read(siblings, from: reader)
        var hashes = [leafHash]
        var hash = leafHash
        for sibling in left {
            hash = MerkleTree.nodeHash(sibling, hash)
            hashes.append(hash)
        }
        return hashes
    }
}
