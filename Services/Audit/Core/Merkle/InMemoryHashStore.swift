/// The stored hashes of a tree kept in memory, in `StoredHashes` order: what
/// the service keeps in its table, for tests, fixtures and tools that build
/// a log without a database.
public struct InMemoryHashStore: HashReader, Sendable {
    /// Every stored hash, at its stored index.
    public private(set) var storedHashes: [TreeHash] = []
    /// Leaves appended so far.
    public private(set) var size: UInt64 = 0

    /// An empty tree.
    public init() {}

    /// Appends a leaf by its leaf hash, storing the hashes it completes.
    public mutating func append(leafHash: TreeHash) {
        // Every sibling read is complete and already stored, so the read cannot fail.
        let hashes = try! StoredHashes.hashesToStore(leafIndex: size, leafHash: leafHash, reader: self)
        storedHashes.append(contentsOf: hashes)
        size += 1
    }

    /// Appends an entry, hashing it as a leaf.
    public mutating func append(entry: [UInt8]) {
        append(leafHash: MerkleTree.leafHash(entry))
    }

    /// The hashes of complete subtrees of the tree so far; throws for one
    /// not complete yet.
    public func hashes(of subtrees: [Subtree]) throws -> [TreeHash] {
        try subtrees.map { subtree throws(ProofError) in
            guard subtree.endLeaf <= size else {
                throw ProofError(.readerMismatch, "subtree \(subtree) is not complete in a tree of \(size)")
            }
            return storedHashes[Int(StoredHashes.index(of: subtree))]
        }
    }
}
