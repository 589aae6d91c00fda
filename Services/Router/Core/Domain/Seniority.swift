/// Seniority of an agent, in ascending order (`RouterV1.Seniority` without its
/// unset value, which means `.junior`).
public enum Seniority: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Junior agent.
    case junior = 1
    /// Experienced agent.
    case intermediate = 2
    /// Senior agent; may take VIP customers.
    case senior = 3
    /// Team lead or supervisor; may take VIP customers.
    case lead = 4

    /// True for the agents that may take VIP customers before widening.
    public var isSenior: Bool { self >= .senior }

    /// Orders by the wire value: `.junior` is the least senior.
    public static func < (lhs: Seniority, rhs: Seniority) -> Bool { lhs.rawValue < rhs.rawValue }
}
