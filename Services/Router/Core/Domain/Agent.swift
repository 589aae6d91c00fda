/// A human support agent's profile: what they can take. Their live state
/// (presence, load) is an `AgentStatus`.
public struct Agent: Sendable, Hashable {
    /// Identifier of the agent within the tenant; the final tiebreak of the
    /// ranking.
    public var id: String
    /// Skills with levels.
    public var skills: [AgentSkill]
    /// Languages the agent serves in (BCP 47).
    public var languages: [String]
    /// Seniority.
    public var seniority: Seniority
    /// Maximum concurrent work per channel; a channel not listed, or listed
    /// with 0, is not served.
    public var capacities: [Channel: Int]
    /// Maximum concurrent work over all channels; 0 means the sum of
    /// `capacities`.
    public var maxTotalConcurrent: Int
    /// Working hours; nil when presence alone decides.
    public var schedule: WeeklySchedule?
    /// Queues the agent serves; empty means every queue of the tenant.
    public var queueIDs: Set<String>
    /// True when the agent is on the emergency on-call rota.
    public var onCall: Bool

    /// An agent profile; only the identifier is required.
    public init(
        id: String,
        skills: [AgentSkill] = [],
        languages: [String] = [],
        seniority: Seniority = .junior,
        capacities: [Channel: Int] = [:],
        maxTotalConcurrent: Int = 0,
        schedule: WeeklySchedule? = nil,
        queueIDs: Set<String> = [],
        onCall: Bool = false
    ) {
        self.id = id
        self.skills = skills
        self.languages = languages
        self.seniority = seniority
        self.capacities = capacities
        self.maxTotalConcurrent = maxTotalConcurrent
        self.schedule = schedule
        self.queueIDs = queueIDs
        self.onCall = onCall
    }
}
