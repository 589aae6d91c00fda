public import Foundation
public import Wire

/// What the planner knows of a turn before the policy decides, and the
/// policy input made from it.
public struct TurnFacts: Sendable {
    /// The conversation with the new message last.
    public var conversation: CommonV1.Conversation
    /// The customer, from the request, the stored conversation or the connector.
    public var customer: CommonV1.CustomerProfile?
    /// Signals' report; nil when signals could not be reached.
    public var evaluation: SignalsV1.EvaluateResponse?
    /// The triggers the policy sees: signals' triggers minus the firings
    /// already handed off.
    public var triggers: [CommonV1.Trigger]
    /// The action the bot requests, if any.
    public var action: CommonV1.RequestedAction?
    /// Customer turns so far, this one included.
    public var customerTurns: Int
    /// True when an agent handed the conversation back to the bot before.
    public var handedBack: Bool
    /// When the planner first saw the conversation.
    public var startedAt: Date
    /// Now.
    public var now: Date
    /// The tenant's clock and business hours.
    public var clock: TenantClock

    /// Facts of a turn.
    public init(conversation: CommonV1.Conversation, customer: CommonV1.CustomerProfile?, evaluation: SignalsV1.EvaluateResponse?,
                triggers: [CommonV1.Trigger], action: CommonV1.RequestedAction?, customerTurns: Int, handedBack: Bool,
                startedAt: Date, now: Date, clock: TenantClock) {
        self.conversation = conversation
        self.customer = customer
        self.evaluation = evaluation
        self.triggers = triggers
        self.action = action
        self.customerTurns = customerTurns
        self.handedBack = handedBack
        self.startedAt = startedAt
        self.now = now
        self.clock = clock
    }

    /// The policy input (its `context` is filled by the look-ups the policy requires).
    public var policyInput: PolicyInput {
        var input = PolicyInput()
        if let evaluation {
            input.signals.available = true
            input.signals.risk = evaluation.riskScore
            input.signals.recommendation = switch evaluation.recommendation {
            case .escalateNow: "handoff"
            case .watch: "monitor"
            default: "continue"
            }
            input.signals.intent = evaluation.intent?.name ?? ""
            input.signals.intentConfidence = evaluation.intent?.confidence ?? 0
            input.signals.sentiment = evaluation.sentiments.last?.sentiment?.compound ?? 0
        }
        input.signals.triggers = triggers.map {
            PolicyInput.Trigger(name: $0.name, category: Self.category(of: $0.name), score: $0.score,
                                evidence: $0.evidence?.matchedPhrases.first ?? "")
        }
        input.signals.triggerNames = triggers.map(\.name)
        input.signals.triggerCategories = Array(Set(triggers.map { Self.category(of: $0.name) })).sorted()
        input.signals.explicitRequest = triggers.contains { $0.name == TurnDecider.explicitRequestTrigger }

        if let customer {
            input.customer.id = customer.customerID
            input.customer.known = !customer.customerID.isEmpty
            input.customer.tier = Self.tierName(customer.tier)
            input.customer.tenureDays = Int(customer.tenureDays)
            input.customer.recentContacts = Int(customer.recentActivity?.contactsLast30Days ?? 0)
            input.customer.openTickets = customer.recentActivity?.openTicketIDs.count ?? 0
        }
        if let action, action.kind != nil {
            let description = ActionDescription(action)
            input.action.requested = true
            input.action.kind = description.kind
            input.action.amountMinor = Int(description.amountMinor)
            input.action.currency = description.currency
            input.action.irreversible = description.irreversible
        }
        input.conversation.id = conversation.conversationID
        input.conversation.channel = Self.channelName(conversation.channel)
        input.conversation.language = conversation.language
        input.conversation.turns = customerTurns
        input.conversation.handedBack = handedBack
        input.conversation.minutesWithBot = max(0, now.timeIntervalSince(startedAt) / 60)
        input.time = clock.time(at: now)
        return input
    }

    /// A trigger's category as policies name it: the part of its name
    /// before the first dot ("capability" for "capability.legal").
    public static func category(of name: String) -> String {
        String(name.prefix { $0 != "." })
    }

    /// A tier as policies name it: "free", "standard", "premium",
    /// "vip_gold", "vip_platinum", or "" when unknown.
    public static func tierName(_ tier: CommonV1.CustomerTier) -> String {
        switch tier {
        case .free: "free"
        case .standard: "standard"
        case .premium: "premium"
        case .vipGold: "vip_gold"
        case .vipPlatinum: "vip_platinum"
        default: ""
        }
    }

    /// The channel a policy names (case-insensitive); nil when unknown.
    public static func channel(named name: String) -> CommonV1.Channel? {
        [CommonV1.Channel.chat, .email, .voice, .sms, .social, .messagingApp, .inApp, .webForm]
            .first { channelName($0) == name.lowercased() }
    }

    /// A channel as policies name it: "chat", "email", "voice", "sms",
    /// "social", "messaging_app", "in_app", "web_form", or "".
    public static func channelName(_ channel: CommonV1.Channel) -> String {
        switch channel {
        case .chat: "chat"
        case .email: "email"
        case .voice: "voice"
        case .sms: "sms"
        case .social: "social"
        case .messagingApp: "messaging_app"
        case .inApp: "in_app"
        case .webForm: "web_form"
        default: ""
        }
    }
}
