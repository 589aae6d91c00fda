public import Wire

/// Everything a handoff package is built from, as values: the builder reads
/// nothing else (no clock, no database, no network).
public struct PackageInput: Sendable, Hashable {
    /// The conversation with its messages (roles, timestamps), language and
    /// customer profile.
    public var conversation: CommonV1.Conversation
    /// The trigger that caused the handoff, with its evidence.
    public var trigger: CommonV1.Trigger
    /// Other triggers that fired.
    public var additionalTriggers: [CommonV1.Trigger]
    /// The steps tried, with their results, in order.
    public var steps: [HandoffV1.AttemptedStep]
    /// Technical events of the turn.
    public var events: [CommonV1.TechnicalEvent]
    /// The action the bot proposed, if any.
    public var requestedAction: CommonV1.RequestedAction?
    /// Urgency decided by the planner; `.unspecified` lets the classifier
    /// decide.
    public var urgency: CommonV1.Urgency
    /// The intent from the signals report ("get_refund", or a dotted issue
    /// type); empty when unknown.
    public var intent: String
    /// Confidence of `intent`, in [0, 1].
    public var intentConfidence: Double
    /// Related tickets: the caller's and Baton's own history.
    public var relatedTickets: [HandoffV1.TicketRef]
    /// Language to write in (BCP 47); empty: the conversation's.
    public var language: String

    /// An input; every part but the conversation and trigger is optional.
    public init(conversation: CommonV1.Conversation, trigger: CommonV1.Trigger, additionalTriggers: [CommonV1.Trigger] = [],
                steps: [HandoffV1.AttemptedStep] = [], events: [CommonV1.TechnicalEvent] = [],
                requestedAction: CommonV1.RequestedAction? = nil, urgency: CommonV1.Urgency = .unspecified,
                intent: String = "", intentConfidence: Double = 0, relatedTickets: [HandoffV1.TicketRef] = [],
                language: String = "") {
        self.conversation = conversation
        self.trigger = trigger
        self.additionalTriggers = additionalTriggers
        self.steps = steps
        self.events = events
        self.requestedAction = requestedAction
        self.urgency = urgency
        self.intent = intent
        self.intentConfidence = intentConfidence
        self.relatedTickets = relatedTickets
        self.language = language
    }

    /// Every trigger, the main one first.
    public var allTriggers: [CommonV1.Trigger] { [trigger] + additionalTriggers }

    /// The language the package is written in: the one asked for, else the
    /// conversation's, else the customer's, else English.
    public var resolvedLanguage: String {
        for candidate in [language, conversation.language, conversation.customer?.language ?? ""] where !candidate.isEmpty {
            return candidate
        }
        return "en"
    }
}
