import AuditCore

/// What the appender knows of one tenant's log without reading it: the
/// head after every batch committed so far, the tree's
/// right edge at that size, and the customers' sealing keys already seen.
///
/// Made only by an exclusive batch (which read all of it under the head's
/// lock), advanced by each pipelined batch that commits on it, and dropped
/// when a batch built on it fails, so a wrong prediction is never built on twice.
/// A pipelined batch commits only if the head is still the predicted one it
/// was built on, so a stale prediction (another replica appended, an erasure
/// deleted a key) costs a retry, never a wrong tree.
struct PredictedTree: Sendable {
    /// The head the next batch builds on.
    var head: LogStore.Head
    /// The stored hashes of the tree's right edge at `head.treeSize` (one per bit of the size).
    var edge: [UInt64: TreeHash]
    /// Sealing keys by owner (customer pseudonym, "" for none) and month, unwrapped.
    var keys: [SealingScope: SealingKey]

    /// At most this many sealing keys are kept per tenant; past it the set restarts from the batch at hand.
    static let maxKeys = 50_000

    /// This tree with only the keys of `scopes` (those present): what a pipelined batch takes along, so the
    /// prediction it leaves in the appender's state stays the only holder of the tenant's whole key set, and a key
    /// added meanwhile (a new customer) changes it in place instead of copying every key of the tenant.
    func keeping(_ scopes: some Sequence<SealingScope>) -> PredictedTree {
        var kept = PredictedTree(head: head, edge: edge, keys: [:])
        for scope in scopes { kept.keys[scope] = keys[scope] }
        return kept
    }

    /// The stored indexes of the right edge of a tree of `size` leaves:
    /// every left sibling its next leaves can need.
    static func edgeIndexes(size: UInt64) -> [UInt64] {
        MerkleTree.subtreesForRoot(size: size).map(StoredHashes.index(of:))
    }

    /// The right edge of a tree of `size` leaves, taken from `hashes` (which must hold it).
    static func edge(size: UInt64, from hashes: [UInt64: TreeHash]) -> [UInt64: TreeHash] {
        var edge: [UInt64: TreeHash] = [:]
        for index in edgeIndexes(size: size) { edge[index] = hashes[index] }
        return edge
    }
}

/// An unwrapped sealing key and its version.
struct SealingKey: Sendable {
    var version: UInt32
    var key: [UInt8]
    /// For a key made but not stored yet: its stored form, inserted by the batch that first seals with it.
    var unstored: SealingKeyStore.Wrapped? = nil
}
