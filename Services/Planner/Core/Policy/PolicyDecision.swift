/// What the planner does with a customer turn, as a policy rule decides it.
public enum PolicyDecision: String, Sendable, Codable, CaseIterable {
    /// The bot goes on with the conversation.
    case `continue`
    /// The requested action runs now, within the bot's authority.
    case execute
    /// The customer must confirm an irreversible action before it runs.
    case confirm
    /// A person must approve the action before it runs.
    case approval
    /// The conversation goes to a person now.
    case handoff
}
