/// Commercial tier of a customer, in ascending order of value
/// (`CommonV1.CustomerTier` without its unset value, which means `.standard`).
public enum CustomerTier: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Free or trial plan.
    case free = 1
    /// Regular paying customer.
    case standard = 2
    /// Premium plan or loyalty level.
    case premium = 3
    /// VIP customer.
    case vipGold = 4
    /// Highest VIP level (key accounts).
    case vipPlatinum = 5

    /// True for the tiers that go to senior agents.
    public var isVIP: Bool { self >= .vipGold }

    /// Orders by the wire value: `.free` is the lowest tier.
    public static func < (lhs: CustomerTier, rhs: CustomerTier) -> Bool { lhs.rawValue < rhs.rawValue }
}
