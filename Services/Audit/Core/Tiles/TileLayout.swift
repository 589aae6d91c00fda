/// Which tiles a tree of a given size publishes, which of them hold the
/// hashes a proof needs, and how a hash is read back out of a tile.
public enum TileLayout {
    /// The tiles a tree of `size` leaves publishes: every full tile and the
    /// partial tile at the right edge of each level, level by level.
    public static func tiles(forTreeSize size: UInt64) -> [Tile] {
        var tiles: [Tile] = []
        var level = 0
        // Hashes at this tile level's Merkle level: size >> (8 × level).
        var hashes = size
        while hashes > 0 {
            let full = hashes >> UInt64(Tile.height)
            for index in 0..<full { tiles.append(Tile(level: level, index: index)) }
            let partial = Int(hashes & UInt64(Tile.fullWidth - 1))
            if partial > 0 { tiles.append(Tile(level: level, index: full, width: partial)) }
            level += 1
            hashes = level < 8 ? size >> UInt64(Tile.height * level) : 0
        }
        return tiles
    }

    /// The tiles published (again) when a tree grows from `oldSize` to
    /// `newSize`: the new full tiles and the new partial edge, skipping
    /// tiles already published whole.
    public static func newTiles(oldSize: UInt64, newSize: UInt64) -> [Tile] {
        let unchanged = Set(tiles(forTreeSize: oldSize).filter { !$0.isPartial })
        return tiles(forTreeSize: newSize).filter { !unchanged.contains($0) }
    }

    /// The tile of a tree of `size` leaves that holds what is needed to
    /// compute `subtree`'s hash; nil when the subtree is not complete in
    /// that tree.
    ///
    /// A subtree at Merkle level 8L + k is the hash of 2^k consecutive
    /// hashes of a tile at level L, so the tile is found by scaling the
    /// subtree's index down to its run of hashes.
    public static func tile(containing subtree: Subtree, treeSize size: UInt64) -> Tile? {
        guard subtree.endLeaf <= size, subtree.index < UInt64(1) << UInt64(63 - subtree.level) else { return nil }
        let level = subtree.level / Tile.height
        let k = UInt64(subtree.level % Tile.height)
        let first = subtree.index << k  // first hash of the run, at level 8L
        let tileIndex = first >> UInt64(Tile.height)
        let hashesAtLevel = size >> UInt64(Tile.height * level)
        let available = hashesAtLevel - tileIndex << UInt64(Tile.height)
        let width = Int(min(available, UInt64(Tile.fullWidth)))
        return Tile(level: level, index: tileIndex, width: width)
    }

    /// The distinct tiles holding `subtrees` (as listed by
    /// `MerkleTree.subtreesForInclusion` and the like) in a tree of `size`
    /// leaves, in first-needed order: what a client fetches to compute a
    /// proof itself, or what a server reads to compute it for one.
    public static func tiles(for subtrees: [Subtree], treeSize size: UInt64) throws(TileError) -> [Tile] {
        var seen = Set<Tile>()
        var tiles: [Tile] = []
        for subtree in subtrees {
            guard let tile = tile(containing: subtree, treeSize: size) else {
                throw TileError(.subtreeNotInTile, "subtree \(subtree) is not complete in a tree of \(size)")
            }
            if seen.insert(tile).inserted { tiles.append(tile) }
        }
        return tiles
    }

    /// The hash of `subtree` from the data of `tile` (its hashes, 32 bytes
    /// each), hashing the run of 2^k hashes under it when it sits k levels
    /// above the tile's hashes.
    public static func hash(of subtree: Subtree, in tile: Tile, data: [UInt8]) throws(TileError) -> TreeHash {
        guard data.count == tile.width * TreeHash.byteCount else {
            throw TileError(.wrongTileLength, "\(tile.path) has \(data.count) bytes, want \(tile.width * TreeHash.byteCount)")
        }
        let k = subtree.level - tile.hashLevel
        guard (0..<Tile.height).contains(k) else { throw TileError(.subtreeNotInTile, "\(subtree) in \(tile.path)") }
        let first = subtree.index << UInt64(k)
        let tileFirst = tile.index << UInt64(Tile.height)
        guard first >= tileFirst, first + (UInt64(1) << UInt64(k)) <= tileFirst + UInt64(tile.width) else {
            throw TileError(.subtreeNotInTile, "\(subtree) in \(tile.path)")
        }
        let offset = Int(first - tileFirst)
        var level = (0..<(1 << k)).map { i in
            TreeHash(digest: Array(data[(offset + i) * TreeHash.byteCount..<(offset + i + 1) * TreeHash.byteCount]))
        }
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { MerkleTree.nodeHash(level[$0], level[$0 + 1]) }
        }
        return level[0]
    }

    /// The data of `tile`: its hashes concatenated, read from stored hashes.
    public static func data(of tile: Tile, reader: some HashReader) throws -> [UInt8] {
        let hashes = try MerkleTree.read(tile.subtrees, from: reader)
        return hashes.flatMap(\.bytes)
    }
}
