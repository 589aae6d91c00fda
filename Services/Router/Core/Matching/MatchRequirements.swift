/// What an agent must meet for one escalation at one moment, after
/// widening. Language and channel come from the escalation and never relax.
public struct MatchRequirements: Sendable, Hashable {
    /// Skills with minimum levels, one entry per skill, sorted by name.
    public var skills: [SkillRequirement]
    /// Queues whose agents may take the escalation: its own first, then the
    /// overflow queues that have joined.
    public var queueIDs: [String]
    /// VIP customers go only to senior agents (senior or lead).
    public var vipNeedsSenior: Bool
    /// The previous agent is preferred, and waited for within the affinity
    /// window.
    public var prefersPreviousAgent: Bool

    /// Requirements as given.
    public init(skills: [SkillRequirement], queueIDs: [String], vipNeedsSenior: Bool = true, prefersPreviousAgent: Bool = true) {
        self.skills = skills
        self.queueIDs = queueIDs
        self.vipNeedsSenior = vipNeedsSenior
        self.prefersPreviousAgent = prefersPreviousAgent
    }
}
