public import Foundation

/// What the routing rules need of an escalation: its requirements, its
/// priority inputs and the agents it must not be offered to again.
public struct Escalation: Sendable, Hashable {
    /// Identifier, unique within the tenant; the final tiebreak of the queue
    /// order.
    public var id: String
    /// Queue the escalation waits in.
    public var queueID: String
    /// Tenant-defined category, such as "billing.refund" or "safety".
    public var category: String
    /// Skills the agent must have.
    public var requiredSkills: [SkillRequirement]
    /// Skills of the best match: they rank eligible agents and never exclude
    /// one.
    public var optionalSkills: [SkillRequirement]
    /// Language the agent must speak (BCP 47).
    public var language: String
    /// Tier of the customer.
    public var tier: CustomerTier
    /// Urgency.
    public var urgency: Urgency
    /// Channel to serve the customer on.
    public var channel: Channel
    /// Agent who helped the customer before, if any.
    public var previousAgentID: String?
    /// Time the customer spent on the issue with the bot before the
    /// escalation; counts towards priority.
    public var priorWait: Duration
    /// When the escalation entered the queue.
    public var enqueueTime: Date
    /// Agents who declined it or let an offer to them lapse; never offered it
    /// again.
    public var excludedAgentIDs: Set<String>

    /// An escalation; requirements default to none, urgency and tier to the
    /// proto's defaults.
    public init(
        id: String,
        queueID: String = "",
        category: String = "",
        requiredSkills: [SkillRequirement] = [],
        optionalSkills: [SkillRequirement] = [],
        language: String,
        tier: CustomerTier = .standard,
        urgency: Urgency = .normal,
        channel: Channel = .chat,
        previousAgentID: String? = nil,
        priorWait: Duration = .zero,
        enqueueTime: Date,
        excludedAgentIDs: Set<String> = []
    ) {
        self.id = id
        self.queueID = queueID
        self.category = category
        self.requiredSkills = requiredSkills
        self.optionalSkills = optionalSkills
        self.language = language
        self.tier = tier
        self.urgency = urgency
        self.channel = channel
        self.previousAgentID = previousAgentID
        self.priorWait = priorWait
        self.enqueueTime = enqueueTime
        self.excludedAgentIDs = excludedAgentIDs
    }
}
