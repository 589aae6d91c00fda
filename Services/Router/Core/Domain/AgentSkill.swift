/// A skill an agent has, with its level.
public struct AgentSkill: Sendable, Hashable {
    /// Name of the skill, such as "billing".
    public var skill: String
    /// Level, 1 (novice) to 10 (expert).
    public var level: Int

    /// The skill `skill` at `level`.
    public init(skill: String, level: Int) {
        self.skill = skill
        self.level = level
    }
}
