/// Inclusion proofs: that a leaf is at an index of a tree with a given root.
extension MerkleTree {
    /// The subtrees whose hashes make the inclusion proof of leaf `index` in
    /// the tree of `size` leaves, for reading in one batch or for finding the
    /// tiles that hold them.
    public static func subtreesForInclusion(index: UInt64, size: UInt64) throws(ProofError) -> [Subtree] {
        guard index < size else { throw ProofError(.indexOutOfRange, "leaf \(index) in a tree of \(size)") }
        return ProofPlan.inclusion(index: index, low: 0, high: size).flatMap { $0 }
    }

    /// The inclusion proof (RFC 9162 section 2.1.3.1) of leaf `index` in the
    /// tree of the first `size` leaves, from stored hashes: the audit path,
    /// the leaf's sibling first.
    public static func inclusionProof(index: UInt64, size: UInt64, reader: some HashReader) throws -> [TreeHash] {
        guard index < size else { throw ProofError(.indexOutOfRange, "leaf \(index) in a tree of \(size)") }
        return try assemble(ProofPlan.inclusion(index: index, low: 0, high: size), reader: reader)
    }

    /// Verifies an inclusion proof with the algorithm of RFC 9162 section
    /// 2.1.3.2; throws unless `leafHash` is leaf `index` of the tree of
    /// `size` leaves whose root is `root`.
    public static func verifyInclusion(
        leafHash: TreeHash, index: UInt64, size: UInt64, proof: [TreeHash], root: TreeHash
    ) throws(ProofError) {
        guard index < size else { throw ProofError(.indexOutOfRange, "leaf \(index) in a tree of \(size)") }
        var fn = index, sn = size - 1
        var hash = leafHash
        for element in proof {
            guard sn != 0 else { throw ProofError(.wrongProofLength, "proof longer than the path of leaf \(index) in \(size)") }
            if fn & 1 == 1 || fn == sn {
                hash = nodeHash(element, hash)
                // A right edge: skip the levels where this node has no sibling.
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                hash = nodeHash(hash, element)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw ProofError(.wrongProofLength, "proof shorter than the path of leaf \(index) in \(size)") }
        guard hash == root else { throw ProofError(.rootMismatch, "leaf \(index) in \(size) does not lead to the root") }
    }

    /// Reads a plan's subtrees in one batch and folds each element.
    static func assemble(_ plan: [[Subtree]], reader: some HashReader) throws -> [TreeHash] {
        let hashes = try read(plan.flatMap { $0 }, from: reader)
        var proof: [TreeHash] = []
        proof.reserveCapacity(plan.count)
        var offset = 0
        for element in plan {
            proof.append(ProofPlan.fold(hashes[offset..<offset + element.count]))
            offset += element.count
        }
        return proof
    }
}
