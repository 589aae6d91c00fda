import AuditCore
import Foundation
import Store

extension Appender {
    /// Runs an exclusive batch: per tenant, inside one transaction, lock the
    /// log's head, find the keys appended before (a retry gets the first
    /// append's answer), seal the details under each customer's key of the
    /// month (made on first use), read the right edge of the tree (one hash
    /// per bit of its size), grow the tree (`TreeGrowth`), delete an erased
    /// customer's keys and store a retention change. Once committed, the
    /// heads read and grown become the predictions the next pipelined
    /// batches build on.
    func appendExclusive(_ inputs: [Input]) async throws -> ([Output], [(tenant: String, checkpoint: LogStore.StoredCheckpoint)]) {
        // Tenants in a fixed order, so two batches never wait on each other's heads.
        let tenants = Array(Set(inputs.map(\.record.tenantID))).sorted()
        let predicted = predictions(of: tenants)
        let (outputs, results) = try await pool.transaction { session in
            var outputs: [Int: Output] = [:]
            var results: [(tenant: String, checkpoint: LogStore.StoredCheckpoint, tree: PredictedTree)] = []
            for tenant in tenants {
                let positions = inputs.indices.filter { inputs[$0].record.tenantID == tenant }
                let (answers, checkpoint, tree) = try await appendTenant(tenant, positions.map { inputs[$0] }, predicted: predicted[tenant],
                                                                         session: session)
                for (position, answer) in zip(positions, answers) { outputs[position] = answer }
                results.append((tenant, checkpoint, tree))
            }
            return (outputs, results)
        }
        predict(results.map { ($0.tenant, $0.tree) })
        return (inputs.indices.map { outputs[$0]! }, results.map { ($0.tenant, $0.checkpoint) })
    }

    /// One tenant's inputs of an exclusive batch: an answer per input, the
    /// tenant's new checkpoint, and its tree after them.
    private func appendTenant(_ tenant: String, _ inputs: [Input], predicted: PredictedTree?, session: PostgresSession) async throws
        -> ([Output], LogStore.StoredCheckpoint, PredictedTree) {
        let head = try await log.lockHead(tenant: tenant, session: session)
        let existing = try await log.existing(tenant: tenant, keys: Array(Set(inputs.map(\.idempotencyKey))), session: session)
        let fresh = Self.firstOfEachKey(inputs, except: Set(existing.keys))
        let owners = Array(Set(fresh.compactMap(\.sealingOwner)))
        let recordTime = settings.now()
        let sealingKeys = try await sealingKeys(for: owners, period: SealingPeriod(containing: recordTime), tenant: tenant, session: session)
        // The right edge of the tree: every left sibling the new leaves can need.
        let edge = try await log.hashes(tenant: tenant, indexes: PredictedTree.edgeIndexes(size: head.treeSize), session: session)
        // Keys seen before stay known unless the head moved without us (another replica's appends, maybe an erasure).
        var known = predicted.flatMap { $0.head.treeSize == head.treeSize && $0.head.rootHash == head.rootHash ? $0.keys : nil } ?? [:]
        if known.count > PredictedTree.maxKeys { known = [:] }
        known.merge(sealingKeys) { $1 }
        var tree = PredictedTree(head: head, edge: edge, keys: known)
        var checkpoint: LogStore.StoredCheckpoint
        var leaves: [String: (index: UInt64, leafHash: TreeHash)] = [:]
        if fresh.isEmpty {
            // Only retries: the latest checkpoint covers them.
            guard let latest = try await log.checkpoint(tenant: tenant) else {
                throw AuditFailure(.inconsistent, "tenant '\(tenant)' has entries but no checkpoint")
            }
            checkpoint = latest
        } else {
            let growth = try TreeGrowth(tenant: tenant, fresh: fresh, on: tree, keys: sealingKeys, settings: settings, recordTime: recordTime)
            _ = try await session.pipeline([growth.headMove] + growth.writes)
            checkpoint = growth.checkpoint
            leaves = growth.leaves
            tree = growth.tree
        }
        // A retention is stored in the transaction that records its change.
        for input in fresh {
            guard let change = input.setsRetention, leaves[input.idempotencyKey] != nil else { continue }
            try await retention.set(tenant: tenant, seconds: change.seconds, session: session)
        }
        // The keys go in the transaction that records their erasure: both happen or neither.
        var erasures: [String: Erasure] = [:]
        for input in fresh {
            guard let customer = input.erases, let leaf = leaves[input.idempotencyKey] else { continue }
            tree.keys = tree.keys.filter { $0.key.owner != customer }
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
                return Output(response: Self.response(index: found.index, leafHash: found.leafHash?.bytes ?? [], recordTime: found.recordTime,
                                                      duplicate: true, checkpoint: signed), erasure: nil)
            }
            let leaf = leaves[input.idempotencyKey]!
            let duplicate = !answered.insert(input.idempotencyKey).inserted
            return Output(response: Self.response(index: leaf.index, leafHash: leaf.leafHash.bytes, recordTime: recordTime,
                                                  duplicate: duplicate, checkpoint: signed),
                          erasure: duplicate ? nil : erasures[input.idempotencyKey])
        }
        return (answers, checkpoint, tree)
    }

    /// The sealing key of each owner for `period`, unwrapped; keys missing
    /// are made, wrapped with the key-encryption key and stored (under the
    /// head's lock, so no other append of the tenant makes one at the same time).
    private func sealingKeys(for owners: [String], period: SealingPeriod, tenant: String,
                             session: PostgresSession) async throws -> [SealingScope: SealingKey] {
        guard !owners.isEmpty else { return [:] }
        var stored = try await keys.keys(tenant: tenant, owners: owners, period: period, session: session)
        let missing = owners.filter { stored[$0] == nil }
        if !missing.isEmpty {
            // The version is the store's to number (see SealingKeyStore.insert).
            let made = try missing.map { try SealingKeys.make(tenant: tenant, owner: $0, period: period, version: 0, settings: settings).wrapped }
            // The head's lock keeps other appends of the tenant out, so every missing key is inserted here.
            let inserted = try await keys.insert(tenant: tenant, owners: missing, period: period, keys: made, session: session)
            for owner in missing {
                guard let key = inserted[owner] else {
                    throw AuditFailure(.inconsistent, "the sealing key of '\(owner)' of tenant '\(tenant)' appeared under the head's lock")
                }
                stored[owner] = key
            }
        }
        var unwrapped: [SealingScope: SealingKey] = [:]
        for (owner, wrapped) in stored {
            unwrapped[SealingScope(owner: owner, period: period)] =
                SealingKey(version: wrapped.version, key: try SealingKeys.unwrap(wrapped, tenant: tenant, owner: owner, settings: settings))
        }
        return unwrapped
    }
}
