/// Urgency of an escalation, in ascending order (`CommonV1.Urgency` without
/// its unset value, which means `.normal`).
public enum Urgency: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// Can wait; may be answered by callback or email.
    case low = 1
    /// Normal urgency.
    case normal = 2
    /// Needs attention soon.
    case high = 3
    /// Emergency (safety, legal threat, security breach).
    case critical = 4

    /// Orders by the wire value: `.low` is the least urgent.
    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rawValue < rhs.rawValue }
}
