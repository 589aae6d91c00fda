/// Why an agent may not be offered an escalation now.
public enum Ineligibility: Sendable, Hashable {
    /// The agent declined the escalation or let an offer of it lapse.
    case excluded
    /// The agent serves none of the queues that may take the escalation.
    case notInQueue
    /// The agent has no open desk session.
    case notConnected
    /// The agent's presence is not `.available`.
    case presence(Presence)
    /// The agent's schedule is closed now.
    case offShift
    /// The agent does not serve the escalation's channel.
    case channelNotServed(Channel)
    /// The agent is at capacity on the channel or overall.
    case noSpareCapacity
    /// The agent speaks none of the customer's language.
    case languageMismatch
    /// The agent lacks a required skill.
    case missingSkill(String)
    /// The agent's level in a required skill is below the minimum.
    case skillBelowMinimum(skill: String, level: Int, minimum: Int)
    /// The customer is VIP and the agent not senior.
    case notSeniorForVIP

    /// True for reasons that pass without anything changing in the profile
    /// or the requirements: the agent is working and will be free soon.
    public var isTemporary: Bool {
        switch self {
        case .noSpareCapacity, .presence(.busy): true
        default: false
        }
    }
}
