/// Why a tile path, tile or entry bundle was refused.
public struct TileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// A path that is not a canonical tlog-tiles path.
        case malformedPath
        /// Tile data whose length is not the tile's width in hashes.
        case wrongTileLength
        /// A subtree the tile does not hold.
        case subtreeNotInTile
        /// An entry bundle that does not parse, or holds the wrong count.
        case malformedBundle
        /// An entry longer than an entry bundle's 16-bit length prefix allows.
        case entryTooLong
    }

    /// What went wrong.
    public var code: Code
    /// Details for people.
    public var detail: String

    /// An error with `code` and `detail`.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// "code: detail".
    public var description: String { "\(code.rawValue): \(detail)" }
}
