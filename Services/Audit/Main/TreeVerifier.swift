import AuditCore
import Foundation
import Store

/// Recomputes a tenant's tree from its stored entries and checks it
/// against everything that claims to describe it: each entry's stored leaf
/// hash and the index inside it, the latest checkpoint (its signature, size
/// and root), and a checkpoint the caller kept (which catches a truncated,
/// rolled-back or rewritten history even when it was re-signed with our own
/// key). Entries are read in pages; the tree is kept as a compact range (one
/// hash per bit of the size), so memory stays small for any log.
///
/// For speed, pages are index ranges read ahead on several connections at
/// once (each Postgres backend formats its rows on its own core) while the
/// current one is checked, and a page's leaf hashes are computed on several
/// tasks at once; the checks and the compact range then run in index order.
/// A range that comes back short is a missing entry, found by the index
/// check; entries past the checkpoint's size are looked for at the end.
struct TreeVerifier {
    let log: LogStore
    let tenant: String
    let verifiers: NoteVerifiers
    let origin: String
    static let pageSize = 20_000

    struct Result {
        var entriesChecked: UInt64 = 0
        var firstBadIndex: UInt64?
        var failure: String?
        var computedRoot = MerkleTree.emptyRoot
    }

    func verify(latest: LogStore.StoredCheckpoint, trusted: Checkpoint?) async throws -> Result {
        var result = Result()
        func fail(_ index: UInt64?, _ message: String) -> Result {
            if result.failure == nil {
                result.firstBadIndex = index
                result.failure = message
            }
            return result
        }
        let signed: Checkpoint
        do {
            signed = try Checkpoint.open(Array(latest.note.utf8), verifiers: verifiers, origin: origin)
        } catch {
            return fail(nil, "the latest checkpoint does not verify: \(error)")
        }
        guard signed.size == latest.treeSize, signed.rootHash == latest.rootHash else {
            return fail(nil, "the latest checkpoint's note says size \(signed.size), its row \(latest.treeSize)")
        }
        var range = CompactRange()
        var rootAtTrusted: TreeHash? = trusted?.size == 0 ? MerkleTree.emptyRoot : nil
        var next: UInt64 = 0
        let end = latest.treeSize
        var pending: [Task<PostgresRows, any Error>] = []
        var nextRange: UInt64 = 0
        func readAhead() {
            while pending.count < Self.readAhead, nextRange < end {
                pending.append(read(from: nextRange, to: min(end, nextRange + UInt64(Self.pageSize))))
                nextRange += UInt64(Self.pageSize)
            }
        }
        defer { for task in pending { task.cancel() } }
        readAhead()
        while !pending.isEmpty {
            let page = try await pending.removeFirst().value
            readAhead()
            for leaf in try await Self.leaves(page) {
                guard leaf.index == next else {
                    return fail(next, "entry \(next) is missing (the next stored entry is \(leaf.index))")
                }
                guard leaf.matchesStored else {
                    return fail(next, "entry \(next): its bytes do not give its stored leaf hash")
                }
                if let claimed = leaf.claimedIndex, claimed != next {
                    return fail(next, "entry \(next) holds the entry of index \(claimed) (moved)")
                }
                range.append(leaf.hash)
                next += 1
                result.entriesChecked = next
                if let trusted, next == trusted.size { rootAtTrusted = range.root }
            }
        }
        if let extra = try await log.entries(tenant: tenant, from: end, limit: 1).first {
            return fail(end, "the log holds entries past the latest checkpoint's size \(end) (entry \(extra.index))")
        }
        result.computedRoot = range.root
        guard next == latest.treeSize else {
            return fail(min(next, latest.treeSize), "the log holds \(next) entries, the latest checkpoint says \(latest.treeSize)")
        }
        guard range.root == signed.rootHash else {
            return fail(nil, "the root of the stored entries does not match the latest checkpoint's")
        }
        if let trusted {
            guard trusted.size <= next else {
                return fail(next, "the log holds \(next) entries, fewer than the trusted checkpoint's \(trusted.size): truncated or rolled back")
            }
            guard rootAtTrusted == trusted.rootHash else {
                return fail(nil, "not consistent with the trusted checkpoint of size \(trusted.size): history was rewritten or forked")
            }
        }
        return result
    }

    /// Page reads in flight at once.
    static let readAhead = 3

    private typealias Column = LogStore.EntryPageColumn

    private func read(from index: UInt64, to end: UInt64) -> Task<PostgresRows, any Error> {
        Task { [log, tenant] in try await log.entryPage(tenant: tenant, from: index, below: end) }
    }

    /// One stored entry, read and hashed.
    struct Leaf: Sendable {
        /// Its row's index.
        var index: UInt64
        /// The leaf hash of its bytes.
        var hash: TreeHash
        /// Whether that is the leaf hash stored beside it.
        var matchesStored: Bool
        /// The index its bytes carry.
        var claimedIndex: UInt64?
    }

    /// `page`'s entries read and hashed where they lie in the rows, in
    /// chunks on concurrent tasks (one per core and more); in order.
    static func leaves(_ page: PostgresRows) async throws -> [Leaf] {
        @Sendable func read(_ range: Range<Int>) throws -> [Leaf] {
            try range.map { position in
                let row = page[position]
                let hash = try row.withUnsafeBytes(at: Column.entry, MerkleTree.leafHash)
                return Leaf(index: UInt64(try row.decode(Int64.self, at: Column.index)), hash: hash,
                            matchesStored: try row.withUnsafeBytes(at: Column.leafHash) { stored in
                                hash.bytes.withUnsafeBytes { stored.count == $0.count && memcmp(stored.baseAddress!, $0.baseAddress!, $0.count) == 0 }
                            },
                            claimedIndex: try row.withUnsafeBytes(at: Column.entry, EntryIndex.read))
            }
        }
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, page.count / 1_000))
        guard chunks > 1 else { return try read(0..<page.count) }
        let size = (page.count + chunks - 1) / chunks
        return try await withThrowingTaskGroup(of: (Int, [Leaf]).self) { group in
            for chunk in 0..<chunks {
                group.addTask { (chunk, try read((chunk * size)..<min(page.count, (chunk + 1) * size))) }
            }
            var parts = [[Leaf]](repeating: [], count: chunks)
            for try await (chunk, leaves) in group { parts[chunk] = leaves }
            return parts.flatMap { $0 }
        }
    }
}
