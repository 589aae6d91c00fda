import AuditCore
import Testing

/// Proofs generated from stored hashes for every (index, size) and every
/// (old, new) up to 70 leaves: they equal RFC 9162's recursive definitions
/// (written out again below, over leaves in memory), they verify, and a
/// single flipped bit anywhere makes them fail.
@Suite("Proof round trips")
struct ProofRoundTripTests {
    static let maxSize = 70

    static let leaves: [TreeHash] = (0..<maxSize).map { MerkleTree.leafHash(Array("entry \($0)".utf8)) }

    static let store: InMemoryHashStore = {
        var store = InMemoryHashStore()
        for leaf in leaves { store.append(leafHash: leaf) }
        return store
    }()

    // MARK: RFC 9162 section 2.1, literally

    static func mth(_ d: ArraySlice<TreeHash>) -> TreeHash {
        if d.isEmpty { return MerkleTree.emptyRoot }
        if d.count == 1 { return d[d.startIndex] }
        var k = 1
        while k * 2 < d.count { k *= 2 }
        return MerkleTree.nodeHash(mth(d.prefix(k)), mth(d.dropFirst(k)))
    }

    static func path(_ m: Int, _ d: ArraySlice<TreeHash>) -> [TreeHash] {
        if d.count <= 1 { return [] }
        var k = 1
        while k * 2 < d.count { k *= 2 }
        if m < k { return path(m, d.prefix(k)) + [mth(d.dropFirst(k))] }
        return path(m - k, d.dropFirst(k)) + [mth(d.prefix(k))]
    }

    static func subproof(_ m: Int, _ d: ArraySlice<TreeHash>, _ b: Bool) -> [TreeHash] {
        if m == d.count { return b ? [] : [mth(d)] }
        var k = 1
        while k * 2 < d.count { k *= 2 }
        if m <= k { return subproof(m, d.prefix(k), b) + [mth(d.dropFirst(k))] }
        return subproof(m - k, d.dropFirst(k), false) + [mth(d.prefix(k))]
    }

    static func flipped(_ hash: TreeHash, bit: Int) -> TreeHash {
        var bytes = hash.bytes
        bytes[bit / 8] ^= 1 << UInt8(bit % 8)
        return TreeHash(bytes)!
    }

    /// Every bit for small trees; for larger ones a spread of bits that
    /// differs from pair to pair, so that every byte position is hit.
    static func bits(_ seed: Int, size: Int) -> [Int] {
        size <= 10 ? Array(0..<256) : [(seed * 37) % 256, (seed * 101 + 7) % 256, (seed * 53 + 200) % 256]
    }

    // MARK: Tests

    @Test("roots from stored hashes equal the RFC's MTH for every size up to 70")
    func roots() throws {
        for size in 0...Self.maxSize {
            let want = Self.mth(Self.leaves.prefix(size))
            #expect(try MerkleTree.rootHash(size: UInt64(size), reader: Self.store) == want, "size \(size)")
            #expect(MerkleTree.rootHash(leafHashes: Array(Self.leaves.prefix(size))) == want, "size \(size)")
        }
    }

    @Test("inclusion proofs for every (index, size) up to 70 equal PATH and verify; any flipped bit fails")
    func inclusion() throws {
        var checked = 0, mutations = 0
        for size in 1...Self.maxSize {
            let root = Self.mth(Self.leaves.prefix(size))
            for index in 0..<size {
                let proof = try MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(size), reader: Self.store)
                #expect(proof == Self.path(index, Self.leaves.prefix(size)), "index \(index) size \(size)")
                #expect(try MerkleTree.subtreesForInclusion(index: UInt64(index), size: UInt64(size)).count >= proof.count)
                let leaf = Self.leaves[index]
                try MerkleTree.verifyInclusion(leafHash: leaf, index: UInt64(index), size: UInt64(size), proof: proof, root: root)
                checked += 1
                func refused(_ leaf: TreeHash, _ index: Int, _ size: Int, _ proof: [TreeHash], _ root: TreeHash) -> Bool {
                    mutations += 1
                    return (try? MerkleTree.verifyInclusion(
                        leafHash: leaf, index: UInt64(index), size: UInt64(size), proof: proof, root: root)) == nil
                }
                for bit in Self.bits(index * 71 + size, size: size) {
                    #expect(refused(Self.flipped(leaf, bit: bit), index, size, proof, root), "leaf bit \(bit), \(index)/\(size)")
                    #expect(refused(leaf, index, size, proof, Self.flipped(root, bit: bit)), "root bit \(bit), \(index)/\(size)")
                    for element in proof.indices {
                        var bad = proof
                        bad[element] = Self.flipped(bad[element], bit: bit)
                        #expect(refused(leaf, index, size, bad, root), "proof[\(element)] bit \(bit), \(index)/\(size)")
                    }
                }
                // The sibling's position (or past the end), a proof one hash short or long.
                #expect(refused(leaf, index ^ 1, size, proof, root), "index \(index ^ 1) instead of \(index) in \(size)")
                if !proof.isEmpty { #expect(refused(leaf, index, size, Array(proof.dropLast()), root)) }
                #expect(refused(leaf, index, size, proof + [root], root))
            }
        }
        #expect(checked == Self.maxSize * (Self.maxSize + 1) / 2)
        print("inclusion round trips: \(checked) proofs verified, \(mutations) mutations refused")
    }

    @Test("consistency proofs for every (old, new) up to 70 equal SUBPROOF and verify; any flipped bit fails")
    func consistency() throws {
        var checked = 0, mutations = 0
        for newSize in 1...Self.maxSize {
            let newRoot = Self.mth(Self.leaves.prefix(newSize))
            for oldSize in 1...newSize {
                let oldRoot = Self.mth(Self.leaves.prefix(oldSize))
                let proof = try MerkleTree.consistencyProof(oldSize: UInt64(oldSize), newSize: UInt64(newSize), reader: Self.store)
                #expect(proof == Self.subproof(oldSize, Self.leaves.prefix(newSize), true), "\(oldSize) -> \(newSize)")
                try MerkleTree.verifyConsistency(
                    oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRoot: oldRoot, newRoot: newRoot, proof: proof)
                checked += 1
                func refused(_ old: Int, _ new: Int, _ oldRoot: TreeHash, _ newRoot: TreeHash, _ proof: [TreeHash]) -> Bool {
                    mutations += 1
                    return (try? MerkleTree.verifyConsistency(
                        oldSize: UInt64(old), newSize: UInt64(new), oldRoot: oldRoot, newRoot: newRoot, proof: proof)) == nil
                }
                for bit in Self.bits(oldSize * 71 + newSize, size: newSize) {
                    #expect(refused(oldSize, newSize, Self.flipped(oldRoot, bit: bit), newRoot, proof), "old root bit \(bit)")
                    #expect(refused(oldSize, newSize, oldRoot, Self.flipped(newRoot, bit: bit), proof), "new root bit \(bit)")
                    for element in proof.indices {
                        var bad = proof
                        bad[element] = Self.flipped(bad[element], bit: bit)
                        #expect(refused(oldSize, newSize, oldRoot, newRoot, bad), "proof[\(element)] bit \(bit), \(oldSize) -> \(newSize)")
                    }
                }
                if oldSize < newSize {
                    #expect(refused(oldSize, newSize, newRoot, oldRoot, proof), "swapped roots \(oldSize) -> \(newSize)")
                    #expect(refused(oldSize, newSize, oldRoot, newRoot, Array(proof.dropLast())))
                    #expect(refused(oldSize, newSize, oldRoot, newRoot, proof + [newRoot]))
                    #expect(refused(newSize, oldSize, oldRoot, newRoot, proof), "sizes swapped")
                }
            }
        }
        #expect(checked == Self.maxSize * (Self.maxSize + 1) / 2)
        print("consistency round trips: \(checked) proofs verified, \(mutations) mutations refused")
    }

    @Test("a rewritten entry breaks consistency with every older tree that held it")
    func rewrittenHistory() throws {
        var rewritten = Self.leaves
        rewritten[20] = MerkleTree.leafHash(Array("forged".utf8))
        var forged = InMemoryHashStore()
        for leaf in rewritten { forged.append(leafHash: leaf) }
        for oldSize in 21...Self.maxSize {
            let honestRoot = Self.mth(Self.leaves.prefix(oldSize))
            let proof = try MerkleTree.consistencyProof(oldSize: UInt64(oldSize), newSize: UInt64(Self.maxSize), reader: forged)
            let forgedRoot = try MerkleTree.rootHash(size: UInt64(Self.maxSize), reader: forged)
            #expect(throws: ProofError.self) {
                try MerkleTree.verifyConsistency(oldSize: UInt64(oldSize), newSize: UInt64(Self.maxSize),
                                                 oldRoot: honestRoot, newRoot: forgedRoot, proof: proof)
            }
        }
    }

    @Test("proofs one hash too long or too short are refused as the wrong length, not just a wrong root")
    func wrongLengths() throws {
        func code(_ body: () throws -> Void) -> ProofError.Code? {
            do { try body(); return nil } catch { return (error as? ProofError)?.code }
        }
        for (index, size) in [(0, 1), (3, 8), (6, 7), (64, 70)] {
            let proof = try MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(size), reader: Self.store)
            let (leaf, root) = (Self.leaves[index], Self.mth(Self.leaves.prefix(size)))
            #expect(code { try MerkleTree.verifyInclusion(leafHash: leaf, index: UInt64(index), size: UInt64(size),
                                                          proof: proof + [leaf], root: root) } == .wrongProofLength)
            if !proof.isEmpty {
                #expect(code { try MerkleTree.verifyInclusion(leafHash: leaf, index: UInt64(index), size: UInt64(size),
                                                              proof: Array(proof.dropLast()), root: root) } == .wrongProofLength)
            }
        }
        for (old, new) in [(1, 2), (3, 8), (6, 7), (64, 70)] {
            let proof = try MerkleTree.consistencyProof(oldSize: UInt64(old), newSize: UInt64(new), reader: Self.store)
            let (oldRoot, newRoot) = (Self.mth(Self.leaves.prefix(old)), Self.mth(Self.leaves.prefix(new)))
            #expect(code { try MerkleTree.verifyConsistency(oldSize: UInt64(old), newSize: UInt64(new), oldRoot: oldRoot,
                                                            newRoot: newRoot, proof: proof + [oldRoot]) } == .wrongProofLength)
            #expect(code { try MerkleTree.verifyConsistency(oldSize: UInt64(old), newSize: UInt64(new), oldRoot: oldRoot,
                                                            newRoot: newRoot, proof: Array(proof.dropLast())) } == .wrongProofLength)
        }
    }

    @Test("invalid requests are refused by code")
    func invalidRequests() throws {
        #expect(throws: ProofError(.indexOutOfRange, "leaf 5 in a tree of 5")) {
            try MerkleTree.inclusionProof(index: 5, size: 5, reader: Self.store)
        }
        #expect(throws: ProofError.self) { try MerkleTree.consistencyProof(oldSize: 0, newSize: 5, reader: Self.store) }
        #expect(throws: ProofError.self) { try MerkleTree.consistencyProof(oldSize: 6, newSize: 5, reader: Self.store) }
        // A tree the store does not have yet.
        #expect(throws: ProofError.self) {
            try MerkleTree.inclusionProof(index: 0, size: UInt64(Self.maxSize + 1), reader: Self.store)
        }
        // Equal sizes: an empty proof, and the roots must match.
        let root = Self.mth(Self.leaves.prefix(9))
        #expect(try MerkleTree.consistencyProof(oldSize: 9, newSize: 9, reader: Self.store).isEmpty)
        try MerkleTree.verifyConsistency(oldSize: 9, newSize: 9, oldRoot: root, newRoot: root, proof: [])
        #expect(throws: ProofError.self) {
            try MerkleTree.verifyConsistency(oldSize: 9, newSize: 9, oldRoot: root, newRoot: Self.leaves[0], proof: [])
        }
    }
}
