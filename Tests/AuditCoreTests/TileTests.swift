import AuditCore
import Testing

/// tlog-tiles paths, the tiles a tree publishes, and proofs computed from
/// tiles alone.
@Suite("Tiles")
struct TileTests {
    @Test("paths as c2sp.org/tlog-tiles writes them", arguments: [
        (Tile(level: 0, index: 1_234_067), "tile/0/x001/x234/067"),
        (Tile(level: 0, index: 0), "tile/0/000"),
        (Tile(level: 3, index: 999, width: 1), "tile/3/999.p/1"),
        (Tile(level: 1, index: 1000, width: 255), "tile/1/x001/000.p/255"),
        (Tile(level: 63, index: 5), "tile/63/005"),
    ])
    func paths(tile: Tile, path: String) throws {
        #expect(tile.path == path)
        #expect(try TileResource(path: path) == .hashes(tile))
        if tile.level == 0 {
            let entries = "tile/entries/" + path.dropFirst("tile/0/".count)
            #expect(tile.entryBundlePath == entries)
            #expect(try TileResource(path: entries) == .entries(tile))
        }
    }

    @Test("non-canonical and malformed paths are refused", arguments: [
        "tile/0/1", "tile/0/0001", "tile/00/000", "tile/64/000", "tile/-1/000", "tile/0/x000/001",
        "tile/0/001/002", "tile/0/x001", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/05",
        "tile/0/000.p", "tile/8/0/000", "tile/data/000", "tiles/0/000", "tile/0/", "tile/entries/x1/000",
        "tile/0/x1000/000", "tile/0/00a", "tile/0/x001/x002/x003/x004/x005/x006/x007/000",
    ])
    func malformed(path: String) {
        #expect(throws: TileError.self, "\(path)") { try TileResource(path: path) }
    }

    @Test("a tree of 70,000 leaves publishes what the spec's example lists")
    func publishedTiles() {
        // c2sp.org/tlog-tiles: 273 full level 0 tiles, a partial level 0 tile of width 112,
        // one full level 1 tile, a partial level 1 tile of width 17, a partial level 2 tile of width 1.
        let tiles = TileLayout.tiles(forTreeSize: 70_000)
        #expect(tiles.filter { $0.level == 0 && !$0.isPartial }.count == 273)
        #expect(tiles.filter { $0.level == 0 && $0.isPartial } == [Tile(level: 0, index: 273, width: 112)])
        #expect(tiles.filter { $0.level == 1 } == [Tile(level: 1, index: 0), Tile(level: 1, index: 1, width: 17)])
        #expect(tiles.filter { $0.level == 2 } == [Tile(level: 2, index: 0, width: 1)])
        #expect(tiles.count == 273 + 1 + 2 + 1)
        // And "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1".
        #expect(TileLayout.tiles(forTreeSize: 256) == [Tile(level: 0, index: 0), Tile(level: 1, index: 0, width: 1)])
        #expect(TileLayout.tiles(forTreeSize: 0).isEmpty)
        #expect(TileLayout.newTiles(oldSize: 256, newSize: 300)
            == [Tile(level: 0, index: 1, width: 44), Tile(level: 1, index: 0, width: 1)])
    }

    /// A reader that has only tiles: every hash comes out of the tile
    /// `TileLayout` names for it.
    struct TileReader: HashReader {
        var tiles: [Tile: [UInt8]]
        var size: UInt64
        func hashes(of subtrees: [Subtree]) throws -> [TreeHash] {
            try subtrees.map { subtree in
                let tile = try #require(TileLayout.tile(containing: subtree, treeSize: size), "\(subtree)")
                let data = try #require(tiles[tile], "tile \(tile.path) was not published")
                return try TileLayout.hash(of: subtree, in: tile, data: data)
            }
        }
    }

    @Test("proofs computed from published tiles equal those from stored hashes", arguments: [1, 255, 256, 257, 600, 65_537])
    func proofsFromTiles(size: Int) throws {
        var store = InMemoryHashStore()
        for n in 0..<size { store.append(entry: Array("e\(n)".utf8)) }
        var tiles: [Tile: [UInt8]] = [:]
        for tile in TileLayout.tiles(forTreeSize: UInt64(size)) { tiles[tile] = try TileLayout.data(of: tile, reader: store) }
        let reader = TileReader(tiles: tiles, size: UInt64(size))
        let rootTiles = TileLayout.tilesForRoot(size: UInt64(size))
        #expect(try MerkleTree.rootHash(size: UInt64(size), reader: TileReader(tiles: tiles.filter { rootTiles.contains($0.key) }, size: UInt64(size)))
            == (try MerkleTree.rootHash(size: UInt64(size), reader: store)))
        #expect(try MerkleTree.rootHash(size: UInt64(size), reader: reader) == (try MerkleTree.rootHash(size: UInt64(size), reader: store)))
        let probes = Set([0, size / 3, size / 2, size - 1, max(0, size - 256)])
        for index in probes {
            // Only the tiles listed for the proof: a reader holding nothing else computes it.
            let needed = try TileLayout.tilesForInclusion(index: UInt64(index), size: UInt64(size))
            let only = TileReader(tiles: tiles.filter { needed.contains($0.key) }, size: UInt64(size))
            #expect(Set(needed).isSubset(of: Set(tiles.keys)))
            #expect(try MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(size), reader: only)
                == (try MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(size), reader: store)))
            #expect(try MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(size), reader: reader)
                == (try MerkleTree.inclusionProof(index: UInt64(index), size: UInt64(size), reader: store)), "index \(index)")
            if index > 0 {
                let needed = try TileLayout.tilesForConsistency(oldSize: UInt64(index), newSize: UInt64(size))
                let only = TileReader(tiles: tiles.filter { needed.contains($0.key) }, size: UInt64(size))
                #expect(try MerkleTree.consistencyProof(oldSize: UInt64(index), newSize: UInt64(size), reader: only)
                    == (try MerkleTree.consistencyProof(oldSize: UInt64(index), newSize: UInt64(size), reader: store)))
                #expect(try MerkleTree.consistencyProof(oldSize: UInt64(index), newSize: UInt64(size), reader: reader)
                    == (try MerkleTree.consistencyProof(oldSize: UInt64(index), newSize: UInt64(size), reader: store)))
            }
        }
    }

    @Test("hash(of:in:data:) refuses data of the wrong length and subtrees outside the tile")
    func tileChecks() throws {
        var store = InMemoryHashStore()
        for n in 0..<10 { store.append(entry: [UInt8(n)]) }
        let tile = Tile(level: 0, index: 0, width: 10)
        let data = try TileLayout.data(of: tile, reader: store)
        #expect(data.count == 320)
        #expect(try TileLayout.hash(of: Subtree(level: 3, index: 0), in: tile, data: data)
            == (try MerkleTree.rootHash(size: 8, reader: store)))
        #expect(throws: TileError.self) { try TileLayout.hash(of: Subtree(level: 0, index: 0), in: tile, data: Array(data.dropLast())) }
        #expect(throws: TileError.self) { try TileLayout.hash(of: Subtree(level: 1, index: 5), in: tile, data: data) }
        #expect(throws: TileError.self) { try TileLayout.hash(of: Subtree(level: 8, index: 0), in: tile, data: data) }
        #expect(TileLayout.tile(containing: Subtree(level: 1, index: 5), treeSize: 10) == nil)
    }
}
