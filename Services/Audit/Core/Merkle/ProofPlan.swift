/// The subtrees a proof or root is made of, before any hash is read.
///
/// Each element of a proof is the hash of a range of leaves that is not
/// always one complete subtree (the right edge of a tree is ragged), so an
/// element is planned as the list of complete subtrees covering its range,
/// left to right; its hash is their right-to-left fold. Planning first lets
/// the service read every hash a proof needs in one query, and tells a tile
/// server which tiles a client needs (`TileLayout.tiles(for:treeSize:)`).
enum ProofPlan {
    /// The complete subtrees covering leaves `low..<high`, largest first.
    /// `low` must be a multiple of the first subtree's size, which holds for
    /// every range RFC 9162's recursion produces.
    static func range(_ low: UInt64, _ high: UInt64) -> [Subtree] {
        var subtrees: [Subtree] = []
        var low = low
        while low < high {
            var level = 63 - (high - low).leadingZeroBitCount
            // Only aligned subtrees are stored; shrink until aligned.
            while low & ((UInt64(1) << UInt64(level)) - 1) != 0 { level -= 1 }
            subtrees.append(Subtree(level: level, index: low >> UInt64(level)))
            low += UInt64(1) << UInt64(level)
        }
        return subtrees
    }

    /// The hash of a range from the hashes of its complete subtrees, as
    /// planned by `range`: MTH splits at the largest power of two, so the
    /// leftmost subtree is the left child of the whole and the rest nest to
    /// the right.
    static func fold(_ hashes: some BidirectionalCollection<TreeHash>) -> TreeHash {
        var iterator = hashes.reversed().makeIterator()
        guard var hash = iterator.next() else { preconditionFailure("a range has at least one subtree") }
        while let left = iterator.next() { hash = MerkleTree.nodeHash(left, hash) }
        return hash
    }

    /// RFC 9162 section 2.1.3.1 PATH(m, D[low:high]): the elements of the
    /// inclusion proof of leaf `index`, the leaf's sibling first.
    static func inclusion(index: UInt64, low: UInt64, high: UInt64) -> [[Subtree]] {
        var elements: [[Subtree]] = []
        var (low, high) = (low, high)
        // Walk down from the root, collecting the other side at each split;
        // the proof lists them bottom-up, so reverse at the end.
        while high - low > 1 {
            let split = low + MerkleTree.largestPowerOfTwo(below: high - low)
            if index < split {
                elements.append(range(split, high))
                high = split
            } else {
                elements.append(range(low, split))
                low = split
            }
        }
        return elements.reversed()
    }

    /// RFC 9162 section 2.1.4.1 SUBPROOF(m, D[0:n], true): the elements of
    /// the consistency proof from the tree of `oldSize` leaves to the tree
    /// of `newSize`, 0 < oldSize <= newSize.
    static func consistency(oldSize: UInt64, newSize: UInt64) -> [[Subtree]] {
        var elements: [[Subtree]] = []
        var (low, high) = (UInt64(0), newSize)
        var isWholeOldTree = true  // the RFC's b: the old tree is still a left edge of this subtree
        while oldSize != high {
            let split = low + MerkleTree.largestPowerOfTwo(below: high - low)
            if oldSize <= split {
                elements.append(range(split, high))
                high = split
            } else {
                elements.append(range(low, split))
                low = split
                isWholeOldTree = false
            }
        }
        if !isWholeOldTree { elements.append(range(low, high)) }
        return elements.reversed()
    }
}
