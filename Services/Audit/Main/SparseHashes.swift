import AuditCore

/// Stored hashes read from the database for one operation, keyed by their
/// tlog number: the `HashReader` the core's proofs and roots read from, so
/// each operation reads what it needs in one query first.
struct SparseHashes: HashReader {
    var byIndex: [UInt64: TreeHash]

    func hashes(of subtrees: [Subtree]) throws -> [TreeHash] {
        try subtrees.map { subtree throws(ProofError) in
            guard let hash = byIndex[StoredHashes.index(of: subtree)] else {
                throw ProofError(.readerMismatch, "stored hash of subtree \(subtree) is missing")
            }
            return hash
        }
    }
}
