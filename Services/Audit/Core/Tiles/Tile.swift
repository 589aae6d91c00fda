/// A tile of the C2SP tlog-tiles layout: the `index`-th run of up to 256
/// consecutive hashes at Merkle level 8 × `level`, or (as an entry bundle)
/// the matching run of entries at level 0.
///
/// A tile holds `width` hashes; 256 is a full tile, fewer a partial one at
/// the right edge of a tree, which is never hashed into the level above.
public struct Tile: Hashable, Sendable, CustomStringConvertible {
    /// Merkle levels a tile spans (fixed by the spec).
    public static let height = 8
    /// Hashes in a full tile.
    public static let fullWidth = 1 << height

    /// Tile level, 0 to 63: level 0 holds leaf hashes.
    public var level: Int
    /// Position among the tiles of that level.
    public var index: UInt64
    /// Hashes (or entries) in the tile, 1 to 256.
    public var width: Int

    /// The tile at `level` and `index` with `width` hashes.
    public init(level: Int, index: UInt64, width: Int = Tile.fullWidth) {
        precondition((0...63).contains(level), "a tile's level is 0 to 63")
        precondition((1...Tile.fullWidth).contains(width), "a tile holds 1 to 256 hashes")
        self.level = level
        self.index = index
        self.width = width
    }

    /// True for a partial tile (fewer than 256 hashes).
    public var isPartial: Bool { width < Tile.fullWidth }

    /// The Merkle level of the hashes in the tile.
    public var hashLevel: Int { level * Tile.height }

    /// The subtrees whose hashes the tile holds, in order.
    public var subtrees: [Subtree] {
        let first = index << UInt64(Tile.height)
        return (0..<UInt64(width)).map { Subtree(level: hashLevel, index: first + $0) }
    }

    /// "tile/<L>/<N>[.p/<W>]".
    public var path: String { "tile/\(level)/\(Tile.encode(index))\(partialSuffix)" }

    /// "tile/entries/<N>[.p/<W>]": the entry bundle of a level 0 tile.
    public var entryBundlePath: String {
        precondition(level == 0, "entry bundles match level 0 tiles")
        return "tile/entries/\(Tile.encode(index))\(partialSuffix)"
    }

    /// The tile path, for messages.
    public var description: String { path }

    private var partialSuffix: String { isPartial ? ".p/\(width)" : "" }

    /// N as zero-padded three-digit path elements, all but the last
    /// prefixed with "x": 1234067 is "x001/x234/067", so that a file system
    /// never holds a file and a directory of the same name.
    static func encode(_ index: UInt64) -> String {
        var groups: [UInt64] = [index % 1000]
        var rest = index / 1000
        while rest > 0 {
            groups.append(rest % 1000)
            rest /= 1000
        }
        let digits = groups.reversed().map { group -> String in
            let text = String(group)
            return String(repeating: "0", count: 3 - text.count) + text
        }
        return digits.dropLast().map { "x" + $0 + "/" }.joined() + digits[digits.count - 1]
    }
}
