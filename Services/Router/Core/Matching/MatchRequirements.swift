/// What an agent must meet for one escalation at one moment, after
/// widening. Language and channel come from the escalation and never relax.
public struct MatchRequirements: Sendable, Hashable {
    /// Required skills with minimum levels, one entry per skill, sorted by
    /// name: an agent without one of them is not eligible.
    public var skills: [SkillRequirement]
    /// The escalation's optional skills, one entry per skill, sorted by
    /// name: they rank eligible agents (more of them met first) and never
    /// make an agent ineligible. Empty once a widening step ignores them.
    public var preferredSkills: [SkillRequirement]
    /// Queues whose agents may take the escalation: its own first, then the
    /// overflow queues that have joined.
    public var queueIDs: [String]
    /// VIP customers go only to senior agents (senior or lead).
    public var vipNeedsSenior: Bool
    /// The previous agent is preferred, and waited for within the affinity
    /// window.
    public var prefersPreviousAgent: Bool

    /// Requirements as given.
    public init(
        skills: [SkillRequirement],
        preferredSkills: [SkillRequirement] = [],
        queueIDs: [String],
        vipNeedsSenior: Bool = true,
        prefersPreviousAgent: Bool = true
    ) {
        self.skills = skills
        self.preferredSkills = preferredSkills
        self.queueIDs = queueIDs
        self.vipNeedsSenior = vipNeedsSenior
        self.prefersPreviousAgent = prefersPreviousAgent
    }
}
