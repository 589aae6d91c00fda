/// Who has the conversation: the bot, or a person through an escalation.
public enum ConversationMode: Sendable, Equatable {
    /// The bot answers; the planner decides every turn.
    case bot
    /// A person has it (queued, offered or assigned): turns go to them
    /// until the escalation is completed.
    case person(escalationID: String)
}
