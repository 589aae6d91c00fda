import AuditCore
import Foundation
import Logging
import Store
import Wire

/// Appends records with group commit: the Appends that arrive while a batch
/// runs share the next transaction, one tree update and one signed
/// checkpoint per tenant. An Append returns only after that transaction
/// commits, with the checkpoint that covers its entry.
///
/// Per tenant, inside the transaction: lock the log's head, find the keys
/// appended before (a retry gets the first append's answer), seal the
/// details under each customer's key (made on first use), build the entries,
/// read the right edge of the tree (one hash per bit of its size), compute
/// the hashes the new leaves complete and the new root, sign the checkpoint,
/// and write entries, hashes, checkpoint and head.
///
/// An erasure (EraseCustomer) is an input too: its entry goes after the
/// batch's other new entries of the tenant, and in the same transaction the
/// customer's sealing keys are deleted, so every entry about the customer
/// before the erasure entry becomes unreadable and none after it does.
struct Appender: Sendable {
    /// One Append, validated.
    struct Input: Sendable {
        var record: AuditV1.AuditRecord
        var idempotencyKey: String
        /// Set for EraseCustomer: the customer's pseudonym, whose keys go.
        var erases: String? = nil
    }

    /// The answer to one input.
    struct Output: Sendable {
        var response: AuditV1.AppendResponse
        /// For an erasure that was not a retry: what it deleted.
        var erasure: Erasure?
    }

    /// What an erasure deleted.
    struct Erasure: Sendable {
        /// Versions of the customer's sealing key deleted.
        var keyVersionsDeleted: [UInt32]
        /// Entries sealed under them.
        var entriesMadeUnreadable: UInt64
    }

    let pool: PostgresPool
    let log: LogStore
    let keys: SealingKeyStore
    let settings: AuditSettings
    let sink: CheckpointSink?
    let batcher: StatementBatcher<Input, Output>

    init(pool: PostgresPool, settings: AuditSettings, sink: CheckpointSink?) {
        let log = LogStore(pool: pool)
        let keys = SealingKeyStore(pool: pool)
        self.pool = pool
        self.log = log
        self.keys = keys
        self.settings = settings
        self.sink = sink
        batcher = StatementBatcher(maxBatch: 256) { inputs in
            try await Self.append(inputs, pool: pool, log: log, keys: keys, settings: settings, sink: sink)
        }
    }

    /// Appends `input`; returns once it is durable and covered by a signed checkpoint.
    func append(_ input: Input) async throws -> AuditV1.AppendResponse {
        try await batcher.submit(input).response
    }

    /// Appends an erasure of `input.erases`; returns with what it deleted.
    func erase(_ input: Input) async throws -> Output {
        precondition(input.erases != nil)
        return try await batcher.submit(input)
    }

    private static func append(_ inputs: [Input], pool: PostgresPool, log: LogStore, keys: SealingKeyStore,
                               settings: AuditSettings, sink: CheckpointSink?) async throws -> [Result<Output, any Error>] {
        // Tenants in a fixed order, so two batches never wait on each other's heads.
        let tenants = Array(Set(inputs.map(\.record.tenantID))).sorted()
        let (responses, checkpoints) = try await pool.transaction { session in
            var responses: [Int: Output] = [:]
            var checkpoints: [(tenant: String, checkpoint: LogStore.StoredCheckpoint)] = []
            for tenant in tenants {
                let positions = inputs.indices.filter { inputs[$0].record.tenantID == tenant }
                let (answers, checkpoint) = try await appendTenant(tenant, positions.map { inputs[$0] }, session: session,
                                                                   log: log, keys: keys, settings: settings)
                for (position, answer) in zip(positions, answers) { responses[position] = answer }
                checkpoints.append((tenant, checkpoint))
            }
            return (responses, checkpoints)
        }
        // Out of the database only once committed: a checkpoint file is never one that could roll back.
        if let sink {
            for (tenant, checkpoint) in checkpoints { sink.write(checkpoint, tenant: tenant) }
        }
        return inputs.indices.map { .success(responses[$0]!) }
    }

    /// Appends one tenant's inputs of a batch; returns an answer per input
    /// and the tenant's new checkpoint.
    private static func appendTenant(_ tenant: String, _ inputs: [Input], session: PostgresSession, log: LogStore,
                                     keys: SealingKeyStore, settings: AuditSettings) async throws
        -> ([Output], LogStore.StoredCheckpoint) {
        let head = try await log.lockHead(tenant: tenant, session: session)
        let existing = try await log.existing(tenant: tenant, keys: Array(Set(inputs.map(\.idempotencyKey))), session: session)
        let builder = EntryBuilder(pseudonymizer: settings.pseudonymizer(for: tenant))
        // New records in arrival order; a key repeated within the batch is appended once.
        // Erasures last, so every new entry about an erased customer in this batch is covered by the erasure.
        var fresh: [Input] = []
        var freshKeys = Set<String>()
        for input in inputs where existing[input.idempotencyKey] == nil && freshKeys.insert(input.idempotencyKey).inserted {
            fresh.append(input)
        }
        fresh = fresh.filter { $0.erases == nil } + fresh.filter { $0.erases != nil }
        let sealingKeys = try await sealingKeys(for: Array(Set(fresh.compactMap { builder.sealingOwner(of: $0.record) })), tenant: tenant,
                                                session: session, keys: keys, settings: settings)
        let recordTime = Date()
        var entries: [LogStore.NewEntry] = []
        var leaves: [String: (index: UInt64, leafHash: TreeHash)] = [:]
        for (offset, input) in fresh.enumerated() {
            let index = head.treeSize + UInt64(offset)
            let owner = builder.sealingOwner(of: input.record)
            let key = owner.map { sealingKeys[$0]! }
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
        }
        var checkpoint: LogStore.StoredCheckpoint
        if entries.isEmpty {
            // Only retries: the latest checkpoint covers them.
            guard let latest = try await log.checkpoint(tenant: tenant) else {
                throw AuditFailure(.inconsistent, "tenant '\(tenant)' has entries but no checkpoint")
            }
            checkpoint = latest
        } else {
            // The right edge of the tree: every left sibling the new leaves can need.
            var reader = SparseHashes(byIndex: try await log.hashes(
                tenant: tenant, indexes: MerkleTree.subtreesForRoot(size: head.treeSize).map(StoredHashes.index(of:)), session: session))
            let firstHashIndex = StoredHashes.count(forSize: head.treeSize)
            var newHashes: [TreeHash] = []
            for entry in entries {
                let hashes = try StoredHashes.hashesToStore(leafIndex: entry.index, leafHash: entry.leafHash, reader: reader)
                let first = StoredHashes.index(of: Subtree(level: 0, index: entry.index))
                for (offset, hash) in hashes.enumerated() { reader.byIndex[first + UInt64(offset)] = hash }
                newHashes.append(contentsOf: hashes)
            }
            let size = head.treeSize + UInt64(entries.count)
            let root = try MerkleTree.rootHash(size: size, reader: reader)
            let note = try Checkpoint(origin: settings.origin(of: tenant), size: size, rootHash: root).signedNote(signers: [settings.signer])
            checkpoint = LogStore.StoredCheckpoint(treeSize: size, rootHash: root, note: note)
            _ = try await session.pipeline(LogStore.append(tenant: tenant, entries: entries, hashes: newHashes,
                                                           firstHashIndex: firstHashIndex, checkpoint: checkpoint))
        }
        // The keys go in the transaction that records their erasure: both happen or neither.
        var erasures: [String: Erasure] = [:]
        for input in fresh {
            guard let customer = input.erases, let leaf = leaves[input.idempotencyKey] else { continue }
            let versions = try await keys.delete(tenant: tenant, owner: customer, session: session)
            // Entries about the customer since their previous erasure were sealed under the keys just deleted.
            let count = versions.isEmpty ? 0 : try await log.entriesSinceErasure(tenant: tenant, customer: customer,
                                                                                 before: leaf.index, session: session)
            erasures[input.idempotencyKey] = Erasure(keyVersionsDeleted: versions, entriesMadeUnreadable: count)
        }
        let signed = SignedCheckpoints.message(checkpoint, origin: settings.origin(of: tenant))
        // The first input with a new key appended it; later ones with the same key are its duplicates.
        var answered = Set<String>()
        let answers = inputs.map { input -> Output in
            if let found = existing[input.idempotencyKey] {
                return Output(response: response(index: found.index, leafHash: found.leafHash?.bytes ?? [], recordTime: found.recordTime,
                                                 duplicate: true, checkpoint: signed), erasure: nil)
            }
            let leaf = leaves[input.idempotencyKey]!
            let duplicate = !answered.insert(input.idempotencyKey).inserted
            return Output(response: response(index: leaf.index, leafHash: leaf.leafHash.bytes, recordTime: recordTime,
                                             duplicate: duplicate, checkpoint: signed),
                          erasure: duplicate ? nil : erasures[input.idempotencyKey])
        }
        return (answers, checkpoint)
    }

    private static func response(index: UInt64, leafHash: [UInt8], recordTime: Date, duplicate: Bool,
                                 checkpoint: AuditV1.SignedCheckpoint) -> AuditV1.AppendResponse {
        .with {
            $0.index = index
            $0.leafHash = leafHash
            $0.hashPrefix = leafHash.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
            $0.recordTime = .init(date: recordTime)
            $0.duplicate = duplicate
            $0.checkpoint = checkpoint
        }
    }

    /// The sealing key of each owner, unwrapped; keys missing are made,
    /// wrapped with the key-encryption key and stored (under the head's lock,
    /// so no other append of the tenant makes one at the same time).
    private static func sealingKeys(for owners: [String], tenant: String, session: PostgresSession, keys: SealingKeyStore,
                                    settings: AuditSettings) async throws -> [String: (version: UInt32, key: [UInt8])] {
        guard !owners.isEmpty else { return [:] }
        var stored = try await keys.keys(tenant: tenant, owners: owners, session: session)
        let missing = owners.filter { stored[$0] == nil }
        if !missing.isEmpty {
            var made: [SealingKeyStore.Wrapped] = []
            for owner in missing {
                let key = try Sealer.randomKey()
                let (nonce, wrapped) = try Sealer.seal(key, key: settings.keyEncryptionKey, aad: SealingKeys.aad(tenant: tenant, owner: owner))
                made.append(.init(version: 0, nonce: nonce, wrappedKey: wrapped))
            }
            // The head's lock keeps other appends of the tenant out, so every missing key is inserted here.
            let inserted = try await keys.insert(tenant: tenant, owners: missing, keys: made, session: session)
            for owner in missing {
                guard let key = inserted[owner] else {
                    throw AuditFailure(.inconsistent, "the sealing key of '\(owner)' of tenant '\(tenant)' appeared under the head's lock")
                }
                stored[owner] = key
            }
        }
        var unwrapped: [String: (version: UInt32, key: [UInt8])] = [:]
        for (owner, wrapped) in stored {
            unwrapped[owner] = (wrapped.version, try SealingKeys.unwrap(wrapped, tenant: tenant, owner: owner, settings: settings))
        }
        return unwrapped
    }
}
