import AuditCore
import Foundation

/// Recomputes a tenant's tree from its stored entries and checks it
/// against everything that claims to describe it: each entry's stored leaf
/// hash and the index inside it, the latest checkpoint (its signature, size
/// and root), and a checkpoint the caller kept (which catches a truncated,
/// rolled-back or rewritten history even when it was re-signed with our own
/// key). Entries are read in pages; the tree is kept as a compact range (one
/// hash per bit of the size), so memory stays small for any log.
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
        while true {
            let page = try await log.entries(tenant: tenant, from: next, limit: Self.pageSize)
            for stored in page {
                guard stored.index == next else {
                    return fail(next, "entry \(next) is missing (the next stored entry is \(stored.index))")
                }
                let leafHash = MerkleTree.leafHash(stored.entry)
                guard leafHash == stored.leafHash else {
                    return fail(next, "entry \(next): its bytes do not give its stored leaf hash")
                }
                if let claimed = EntryIndex.read(stored.entry), claimed != next {
                    return fail(next, "entry \(next) holds the entry of index \(claimed) (moved)")
                }
                range.append(leafHash)
                next += 1
                result.entriesChecked = next
                if let trusted, next == trusted.size { rootAtTrusted = range.root }
            }
            if page.count < Self.pageSize { break }
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
}
