import AuditCore
import Testing

/// The stored-hash layout: hashes numbered in the order appends complete
/// them (the leaf, then each subtree it completes, lowest first), which is
/// golang.org/x/mod/sumdb/tlog's layout, and each holding its subtree's MTH.
@Suite("Stored hashes")
struct StoredHashesTests {
    @Test("index(of:) numbers subtrees in the order appends complete them, for 2,000 leaves")
    func numbering() {
        var next: UInt64 = 0
        for leaf in UInt64(0)..<2000 {
            // Leaf `leaf` completes its own level 0 subtree and one more per trailing one bit.
            for level in 0...(leaf + 1).trailingZeroBitCount {
                let subtree = Subtree(level: level, index: leaf >> UInt64(level))
                #expect(StoredHashes.index(of: subtree) == next, "\(subtree)")
                #expect(StoredHashes.subtree(at: next) == subtree, "stored index \(next)")
                next += 1
            }
            #expect(StoredHashes.count(forSize: leaf + 1) == next, "count for \(leaf + 1)")
        }
        #expect(StoredHashes.count(forSize: 0) == 0)
    }

    @Test("every stored hash is the MTH of its subtree, and appends store exactly count(forSize:) hashes")
    func contents() throws {
        let leaves = (0..<300).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
        var store = InMemoryHashStore()
        for (n, leaf) in leaves.enumerated() {
            store.append(leafHash: leaf)
            #expect(UInt64(store.storedHashes.count) == StoredHashes.count(forSize: UInt64(n + 1)))
        }
        for (stored, hash) in store.storedHashes.enumerated() {
            let subtree = StoredHashes.subtree(at: UInt64(stored))
            let want = MerkleTree.rootHash(leafHashes: Array(leaves[Int(subtree.firstLeaf)..<Int(subtree.endLeaf)]))
            #expect(hash == want, "stored index \(stored), subtree \(subtree)")
        }
    }

    @Test("hashesToStore reads only the left siblings it needs")
    func reads() throws {
        struct Recorder: HashReader {
            var store: InMemoryHashStore
            let asked = Box()
            final class Box: @unchecked Sendable { var subtrees: [Subtree] = [] }  // test-only, one thread
            func hashes(of subtrees: [Subtree]) throws -> [TreeHash] {
                asked.subtrees += subtrees
                return try store.hashes(of: subtrees)
            }
        }
        var store = InMemoryHashStore()
        for n in 0..<7 { store.append(entry: [UInt8(n)]) }
        let recorder = Recorder(store: store)
        // Leaf 7 completes subtrees 1/3, 2/1 and 3/0: it needs 0/6, 1/2, 2/0.
        let hashes = try StoredHashes.hashesToStore(leafIndex: 7, leafHash: MerkleTree.leafHash([7]), reader: recorder)
        #expect(recorder.asked.subtrees == [Subtree(level: 0, index: 6), Subtree(level: 1, index: 2), Subtree(level: 2, index: 0)])
        #expect(hashes.count == 4)
        store.append(entry: [7])
        #expect(hashes.last == (try MerkleTree.rootHash(size: 8, reader: store)))
    }
}
