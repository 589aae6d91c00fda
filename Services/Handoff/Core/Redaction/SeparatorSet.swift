/// The separators used in a number run, as bits rather than a `Set`, so
/// that a run costs no allocation for them.
struct SeparatorSet: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// One bit per separator character.
    private var bits: UInt8 = 0

    /// The set of `units` (space, dash, dot, slash, parentheses; others
    /// are ignored, as no run holds them).
    init(arrayLiteral units: UInt16...) {
        for unit in units { insert(unit) }
    }

    /// True when there is no separator.
    var isEmpty: Bool { bits == 0 }

    /// Adds `unit`.
    mutating func insert(_ unit: UInt16) { bits |= Self.bit(unit) }

    /// True when `unit` is in the set.
    func contains(_ unit: UInt16) -> Bool { Self.bit(unit) != 0 && bits & Self.bit(unit) != 0 }

    /// Adds the separators of `other`.
    mutating func formUnion(_ other: SeparatorSet) { bits |= other.bits }

    /// True when every separator here is also in `other`.
    func isSubset(of other: SeparatorSet) -> Bool { bits & ~other.bits == 0 }

    /// The bit of `unit`, 0 for a unit that is no separator.
    private static func bit(_ unit: UInt16) -> UInt8 {
        switch unit {
        case 0x20: 1
        case 0x2D: 2
        case 0x2E: 4
        case 0x2F: 8
        case 0x28: 16
        case 0x29: 32
        default: 0
        }
    }
}
