/// A complete subtree of a Merkle tree: the `index`-th run of 2^`level`
/// consecutive leaves, leaves `index << level` to `(index + 1) << level - 1`.
///
/// Level 0 subtrees are the leaves themselves. Every hash the log stores is
/// the hash of one complete subtree, which is why proofs are planned as lists
/// of subtrees and read from a `HashReader` in one batch.
public struct Subtree: Hashable, Sendable, CustomStringConvertible {
    /// Height above the leaves, 0 to 63.
    public var level: Int
    /// Position among the subtrees of the same level, from the left.
    public var index: UInt64

    /// The subtree at `level` and `index`.
    public init(level: Int, index: UInt64) {
        precondition((0...63).contains(level), "a subtree's level is 0 to 63")
        self.level = level
        self.index = index
    }

    /// The first leaf the subtree covers.
    public var firstLeaf: UInt64 { index << UInt64(level) }

    /// One past the last leaf the subtree covers.
    public var endLeaf: UInt64 { (index + 1) << UInt64(level) }

    /// "level/index", for messages.
    public var description: String { "\(level)/\(index)" }
}
