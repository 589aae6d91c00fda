/// A step that relaxes the requirements of an escalation that has waited
/// `after` in its queue. Steps are cumulative: a later step applies on top
/// of the earlier ones.
public struct WideningStep: Sendable, Hashable {
    /// Time in the queue after which the step applies.
    public var after: Duration
    /// How much to lower every required minimum skill level (never below 1).
    public var lowerMinLevelBy: Int
    /// Stop ranking agents by the escalation's optional skills.
    public var ignoreOptionalSkills: Bool
    /// Let agents of any seniority take VIP customers.
    public var anySeniority: Bool
    /// Stop preferring, and holding for, the previous agent.
    public var ignoreAffinity: Bool

    /// A step; every relaxation is off unless given.
    public init(
        after: Duration,
        lowerMinLevelBy: Int = 0,
        ignoreOptionalSkills: Bool = false,
        anySeniority: Bool = false,
        ignoreAffinity: Bool = false
    ) {
        self.after = after
        self.lowerMinLevelBy = lowerMinLevelBy
        self.ignoreOptionalSkills = ignoreOptionalSkills
        self.anySeniority = anySeniority
        self.ignoreAffinity = ignoreAffinity
    }
}
