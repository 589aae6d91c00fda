import AuditCore
import Foundation
import Store

/// One tenant's part of a batch, built on a known head: the new entries
/// (sealed, pseudonymised), the stored hashes they complete, the new root
/// and its signed checkpoint, and the statements that write them. The same
/// for both kinds of batch: an exclusive one builds on the head it read, a
/// pipelined one on the predicted head.
struct TreeGrowth {
    /// The leaf of each new idempotency key.
    var leaves: [String: (index: UInt64, leafHash: TreeHash)] = [:]
    /// When the entries were recorded.
    var recordTime: Date
    /// The checkpoint that covers them.
    var checkpoint: LogStore.StoredCheckpoint
    /// The head and right edge after them.
    var tree: PredictedTree
    /// Moves the head from the one built on (failing if it moved), taking its lock.
    var headMove: PostgresQuery
    /// After the head move: stores new sealing keys, entries, hashes and the checkpoint.
    var writes: [PostgresQuery]
    /// The scopes of the keys made ahead that `writes` stores (no longer to store once committed).
    var storedKeys: [SealingScope] = []

    /// Appends `fresh` (new keys, in log order, not empty, their sealing
    /// owners set by `Appender.submit`) to `tenant`'s tree
    /// at `tree.head`, whose right edge is `tree.edge`; `keys` holds the
    /// sealing key of every owner among them for the month of `recordTime`.
    init(tenant: String, fresh: [Appender.Input], on tree: PredictedTree, keys: [SealingScope: SealingKey],
         settings: AuditSettings, recordTime: Date) throws {
        precondition(!fresh.isEmpty)
        let builder = EntryBuilder(pseudonymizer: settings.pseudonymizer(for: tenant))
        self.recordTime = recordTime
        let period = SealingPeriod(containing: recordTime)
        var entries: [LogStore.NewEntry] = []
        var reader = SparseHashes(byIndex: tree.edge)
        var newHashes: [TreeHash] = []
        for (offset, input) in fresh.enumerated() {
            let index = tree.head.treeSize + UInt64(offset)
            let owner = input.sealingOwner
            let key = owner.map { keys[SealingScope(owner: $0, period: period)]! }
            let entry = try builder.entry(of: input.record, index: index, recordTime: recordTime, owner: owner ?? "",
                                          keyVersion: key?.version ?? 0, key: key?.key)
            let bytes = entry.serializedBytes()
            let leafHash = MerkleTree.leafHash(bytes)
            leaves[input.idempotencyKey] = (index, leafHash)
            entries.append(LogStore.NewEntry(
                index: index, entry: bytes, leafHash: leafHash, idempotencyKey: input.idempotencyKey, kind: Int32(entry.kind.rawValue),
                principal: "\(entry.performedBy?.kind.rawValue ?? 0):\(entry.performedBy?.principalID ?? "")",
                subjects: entry.subjects.map { "\(EntryBuilder.name(of: $0.kind)):\($0.subjectID)" }, category: entry.category,
                decideTime: entry.decideTime?.date ?? recordTime, recordTime: recordTime))
            // The hashes this leaf completes, each from the right edge or a hash just computed.
            let hashes = try StoredHashes.hashesToStore(leafIndex: index, leafHash: leafHash, reader: reader)
            let first = StoredHashes.index(of: Subtree(level: 0, index: index))
            for (offset, hash) in hashes.enumerated() { reader.byIndex[first + UInt64(offset)] = hash }
            newHashes.append(contentsOf: hashes)
        }
        let size = tree.head.treeSize + UInt64(entries.count)
        let root = try MerkleTree.rootHash(size: size, reader: reader)
        let note = try Checkpoint(origin: settings.origin(of: tenant), size: size, rootHash: root).signedNote(signers: [settings.signer])
        checkpoint = LogStore.StoredCheckpoint(treeSize: size, rootHash: root, note: note)
        self.tree = PredictedTree(head: LogStore.Head(treeSize: size, rootHash: root),
                                  edge: PredictedTree.edge(size: size, from: reader.byIndex), keys: tree.keys)
        headMove = LogStore.moveHead(tenant: tenant, from: tree.head, to: checkpoint)
        writes = LogStore.append(tenant: tenant, entries: entries, hashes: newHashes,
                                 firstHashIndex: StoredHashes.count(forSize: tree.head.treeSize), checkpoint: checkpoint)
        // Keys made ahead (Appender's look-up) are stored by the first batch that seals with them, after the head's lock.
        let owners = Set(fresh.compactMap(\.sealingOwner))
        let unstored = owners.sorted().compactMap { owner in
            keys[SealingScope(owner: owner, period: period)]?.unstored.map { (owner: owner, key: $0) }
        }
        if !unstored.isEmpty {
            writes.insert(SealingKeyStore.insertStatement(tenant: tenant, keys: unstored), at: 0)
            storedKeys = unstored.map { SealingScope(owner: $0.owner, period: period) }
            for scope in storedKeys { self.tree.keys[scope]?.unstored = nil }
        }
    }
}
