/// Where proof generation gets the hashes of complete subtrees: the
/// service's table of stored hashes, an in-memory store, or tiles.
///
/// Proofs ask for all the subtrees they need in one call so that a database
/// reader can answer with one query (`StoredHashes.index(of:)` gives the row
/// of each).
public protocol HashReader {
    /// The hashes of `subtrees`, one for each, in the same order. Throws if
    /// any is missing.
    func hashes(of subtrees: [Subtree]) throws -> [TreeHash]
}
