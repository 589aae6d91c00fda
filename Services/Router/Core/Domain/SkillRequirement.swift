/// A skill an agent must have, with the minimum level.
public struct SkillRequirement: Sendable, Hashable {
    /// Name of the skill, such as "billing".
    public var skill: String
    /// Minimum level, 1 (novice) to 10 (expert); 0 accepts any level.
    public var minLevel: Int

    /// A requirement of `skill` at `minLevel` or above.
    public init(skill: String, minLevel: Int = 0) {
        self.skill = skill
        self.minLevel = minLevel
    }
}
