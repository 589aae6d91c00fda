/// Consistency proofs: that a tree is an append-only extension of an older one.
extension MerkleTree {
    /// The subtrees whose hashes make the consistency proof from `oldSize`
    /// to `newSize`, for reading in one batch or finding their tiles.
    public static func subtreesForConsistency(oldSize: UInt64, newSize: UInt64) throws(ProofError) -> [Subtree] {
        try checkSizes(oldSize, newSize)
        return ProofPlan.consistency(oldSize: oldSize, newSize: newSize).flatMap { $0 }
    }

    /// The consistency proof (RFC 9162 section 2.1.4.1) from the tree of
    /// `oldSize` leaves to the tree of `newSize`, from stored hashes. Empty
    /// when the sizes are equal.
    public static func consistencyProof(oldSize: UInt64, newSize: UInt64, reader: some HashReader) throws -> [TreeHash] {
        try checkSizes(oldSize, newSize)
        return try assemble(ProofPlan.consistency(oldSize: oldSize, newSize: newSize), reader: reader)
    }

    /// Verifies a consistency proof with the algorithm of RFC 9162 section
    /// 2.1.4.2; throws unless the tree of `oldSize` leaves with root
    /// `oldRoot` is a prefix of the tree of `newSize` leaves with root
    /// `newRoot`.
    ///
    /// An empty old tree is refused (there is nothing to prove and no proof
    /// to check), as transparency-dev/merkle's vectors expect.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: TreeHash, newRoot: TreeHash, proof: [TreeHash]
    ) throws(ProofError) {
        try checkSizes(oldSize, newSize)
        if oldSize == newSize {
            guard proof.isEmpty else { throw ProofError(.wrongProofLength, "equal sizes take an empty proof") }
            guard oldRoot == newRoot else { throw ProofError(.rootMismatch, "equal sizes with different roots") }
            return
        }
        guard !proof.isEmpty else { throw ProofError(.wrongProofLength, "empty proof from \(oldSize) to \(newSize)") }
        // Step 2: when the old tree is a complete subtree, its root is the proof's implicit first element.
        var path = proof[...]
        let isPowerOfTwo = oldSize & (oldSize - 1) == 0
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        let first = isPowerOfTwo ? oldRoot : path.removeFirst()
        var fr = first, sr = first
        for element in path {
            guard sn != 0 else { throw ProofError(.wrongProofLength, "proof too long from \(oldSize) to \(newSize)") }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(element, fr)
                sr = nodeHash(element, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, element)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw ProofError(.wrongProofLength, "proof too short from \(oldSize) to \(newSize)") }
        guard fr == oldRoot else { throw ProofError(.rootMismatch, "proof does not lead to the old root") }
        guard sr == newRoot else { throw ProofError(.rootMismatch, "proof does not lead to the new root") }
    }

    /// 0 < oldSize <= newSize.
    static func checkSizes(_ oldSize: UInt64, _ newSize: UInt64) throws(ProofError) {
        guard oldSize > 0 else { throw ProofError(.invalidSizes, "consistency from an empty tree proves nothing") }
        guard oldSize <= newSize else { throw ProofError(.invalidSizes, "old size \(oldSize) > new size \(newSize)") }
    }
}
