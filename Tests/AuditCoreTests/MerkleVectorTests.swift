import AuditCore
import Testing

/// transparency-dev/merkle's inclusion and consistency vectors, and the
/// RFC 6962 roots of trees of 0 to 8 leaves.
@Suite("Merkle vectors")
struct MerkleVectorTests {
    /// Decodes and verifies one inclusion vector: nil when accepted, else why not.
    static func check(_ v: Vectors.Inclusion) throws -> String? {
        guard let leaf = try Vectors.hash(v.leafHash), let root = try Vectors.hash(v.root),
              let proof = try Vectors.hashes(v.proof)
        else { return "a hash that is not 32 bytes" }
        do {
            try MerkleTree.verifyInclusion(leafHash: leaf, index: v.leafIdx, size: v.treeSize, proof: proof, root: root)
            return nil
        } catch {
            return error.description
        }
    }

    static func check(_ v: Vectors.Consistency) throws -> String? {
        guard let root1 = try Vectors.hash(v.root1), let root2 = try Vectors.hash(v.root2),
              let proof = try Vectors.hashes(v.proof)
        else { return "a hash that is not 32 bytes" }
        do {
            try MerkleTree.verifyConsistency(oldSize: v.size1, newSize: v.size2, oldRoot: root1, newRoot: root2, proof: proof)
            return nil
        } catch {
            return error.description
        }
    }

    /// The one upstream vector meant to pass that uses 12-byte "don't care"
    /// roots: AuditCore takes hashes as 32-byte values only, so it is
    /// refused at decoding. Listed so that any other refusal fails the test.
    static let refusedByDesign: Set<String> = ["additional/sizes-are-equal-one-and-proof-is-empty.json"]

    @Test("every inclusion vector: happy paths verify, every wantErr vector is refused")
    func inclusion() throws {
        let vectors = try Vectors.files("inclusion", as: Vectors.Inclusion.self)
        #expect(vectors.count > 50)
        var happy = 0, refused = 0
        for (name, vector) in vectors {
            let failure = try Self.check(vector)
            if vector.wantErr {
                #expect(failure != nil, "\(name) (\(vector.desc)) was accepted")
                refused += 1
            } else {
                #expect(failure == nil, "\(name) (\(vector.desc)): \(failure ?? "")")
                if name.hasSuffix("happy-path.json") { happy += 1 }
            }
        }
        #expect(happy >= 5)
        print("inclusion vectors: \(vectors.count), \(happy) happy paths verified, \(refused) negative refused")
    }

    @Test("every consistency vector: happy paths verify, every wantErr vector is refused")
    func consistency() throws {
        let vectors = try Vectors.files("consistency", as: Vectors.Consistency.self)
        #expect(vectors.count > 50)
        var happy = 0, refused = 0, byDesign: [String] = []
        for (name, vector) in vectors {
            let failure = try Self.check(vector)
            if vector.wantErr {
                #expect(failure != nil, "\(name) (\(vector.desc)) was accepted")
                refused += 1
            } else if Self.refusedByDesign.contains(name) {
                #expect(failure == "a hash that is not 32 bytes", "\(name): \(failure ?? "accepted")")
                byDesign.append(name)
            } else {
                #expect(failure == nil, "\(name) (\(vector.desc)): \(failure ?? "")")
                if name.hasSuffix("happy-path.json") { happy += 1 }
            }
        }
        #expect(happy >= 5)
        #expect(byDesign.sorted() == Self.refusedByDesign.sorted())
        print("consistency vectors: \(vectors.count), \(happy) happy paths verified, \(refused) negative refused")
    }

    @Test("happy-path proofs are the ones AuditCore generates for the same leaves")
    func generatedMatchesPublished() throws {
        // The vectors' trees are built from merkle-roots.json's eight leaf inputs.
        let roots = try Vectors.json("merkle-roots.json", as: Vectors.Roots.self)
        var store = InMemoryHashStore()
        for input in roots.leaf_inputs_hex { store.append(entry: Vectors.bytes(hex: input)) }
        var compared = 0
        for (name, v) in try Vectors.files("inclusion", as: Vectors.Inclusion.self)
        where name.hasSuffix("happy-path.json") && v.treeSize <= store.size {
            let proof = try MerkleTree.inclusionProof(index: v.leafIdx, size: v.treeSize, reader: store)
            #expect(proof == (try Vectors.hashes(v.proof)), "\(name)")
            compared += 1
        }
        for (name, v) in try Vectors.files("consistency", as: Vectors.Consistency.self)
        where name.hasSuffix("happy-path.json") && v.size2 <= store.size {
            let proof = try MerkleTree.consistencyProof(oldSize: v.size1, newSize: v.size2, reader: store)
            #expect(proof == (try Vectors.hashes(v.proof)), "\(name)")
            compared += 1
        }
        #expect(compared >= 8)
    }

    @Test("roots of the trees of 0 to 8 leaves match merkle-roots.json", arguments: 0...8)
    func roots(size: Int) throws {
        let roots = try Vectors.json("merkle-roots.json", as: Vectors.Roots.self)
        try #require(roots.root_hashes_hex_by_size.count == 9 && roots.leaf_inputs_hex.count == 8)
        let want = Vectors.bytes(hex: roots.root_hashes_hex_by_size[size])
        let leaves = roots.leaf_inputs_hex.prefix(size).map { MerkleTree.leafHash(Vectors.bytes(hex: $0)) }
        #expect(MerkleTree.rootHash(leafHashes: Array(leaves)).bytes == want)
        var store = InMemoryHashStore()
        for input in roots.leaf_inputs_hex { store.append(entry: Vectors.bytes(hex: input)) }
        #expect(try MerkleTree.rootHash(size: UInt64(size), reader: store).bytes == want)
    }
}
