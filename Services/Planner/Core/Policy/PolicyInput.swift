public import Foundation

/// Everything a policy may read about a turn: the documented input schema.
/// Each field is a CEL variable or object field of the same (snake_case)
/// name; `PolicySchema` is the one description the CEL environment, the
/// JSON form (`Codable`), the test-input reader and the README table come from.
/// Every field has a zero value, so a partial input is a valid input.
public struct PolicyInput: Sendable, Equatable, Codable {
    /// The signals report for the turn.
    public var signals: Signals
    /// The customer, as the bot and the connector know them.
    public var customer: Customer
    /// The action the bot asks to take, if any.
    public var action: Action
    /// The conversation so far.
    public var conversation: Conversation
    /// The tenant's local time.
    public var time: Time
    /// What the planner gathered through the tenant's connector.
    public var context: Context

    /// An input with zero values everywhere (signals unavailable).
    public init() {
        self.init(signals: Signals())
    }

    /// An input with the given parts; the others zero.
    public init(
        signals: Signals = Signals(), customer: Customer = Customer(), action: Action = Action(),
        conversation: Conversation = Conversation(), time: Time = Time(), context: Context = Context()
    ) {
        self.signals = signals
        self.customer = customer
        self.action = action
        self.conversation = conversation
        self.time = time
        self.context = context
    }

    /// The signals report (`signals`).
    public struct Signals: Sendable, Equatable, Codable {
        /// False when signals was unreachable: the fail-safe rules decide.
        public var available: Bool
        /// Risk score, 0 to 1.
        public var risk: Double
        /// `continue`, `monitor` or `handoff`.
        public var recommendation: String
        /// The triggers that fired.
        public var triggers: [Trigger]
        /// The names of the triggers that fired.
        public var triggerNames: [String]
        /// The distinct categories of the triggers that fired.
        public var triggerCategories: [String]
        /// The classified intent.
        public var intent: String
        /// Confidence in the intent, 0 to 1.
        public var intentConfidence: Double
        /// Sentiment, -1 to 1.
        public var sentiment: Double
        /// Whether the customer explicitly asked for a person.
        public var explicitRequest: Bool

        /// A report with the given fields; `triggerNames` and
        /// `triggerCategories` default to those of `triggers`.
        public init(
            available: Bool = false, risk: Double = 0, recommendation: String = "", triggers: [Trigger] = [],
            triggerNames: [String]? = nil, triggerCategories: [String]? = nil, intent: String = "",
            intentConfidence: Double = 0, sentiment: Double = 0, explicitRequest: Bool = false
        ) {
            self.available = available
            self.risk = risk
            self.recommendation = recommendation
            self.triggers = triggers
            self.triggerNames = triggerNames ?? triggers.map(\.name)
            self.triggerCategories = triggerCategories ?? Self.distinctCategories(of: triggers)
            self.intent = intent
            self.intentConfidence = intentConfidence
            self.sentiment = sentiment
            self.explicitRequest = explicitRequest
        }

        /// The categories of `triggers`, each once, in first-seen order.
        static func distinctCategories(of triggers: [Trigger]) -> [String] {
            var seen: Set<String> = []
            return triggers.map(\.category).filter { seen.insert($0).inserted }
        }
    }

    /// One trigger that fired (`signals.triggers[]`).
    public struct Trigger: Sendable, Equatable, Codable {
        /// The trigger's catalog name, such as `capability.legal`.
        public var name: String
        /// Its category, such as `capability`.
        public var category: String
        /// Its score, 0 to 1.
        public var score: Double
        /// What in the conversation fired it.
        public var evidence: String

        /// A trigger with the given fields.
        public init(name: String = "", category: String = "", score: Double = 0, evidence: String = "") {
            self.name = name
            self.category = category
            self.score = score
            self.evidence = evidence
        }
    }

    /// The customer (`customer`).
    public struct Customer: Sendable, Equatable, Codable {
        /// The tenant's customer id.
        public var id: String
        /// Whether the customer is identified.
        public var known: Bool
        /// `free`, `standard`, `premium`, `vip_gold` or `vip_platinum`; empty when unknown.
        public var tier: String
        /// Days since the customer's first contact or purchase.
        public var tenureDays: Int
        /// Open tickets.
        public var openTickets: Int
        /// Contacts in the last 30 days.
        public var recentContacts: Int
        /// Lifetime value in minor units of the tenant's currency.
        public var lifetimeValueMinor: Int

        /// A customer with the given fields.
        public init(
            id: String = "", known: Bool = false, tier: String = "", tenureDays: Int = 0, openTickets: Int = 0,
            recentContacts: Int = 0, lifetimeValueMinor: Int = 0
        ) {
            self.id = id
            self.known = known
            self.tier = tier
            self.tenureDays = tenureDays
            self.openTickets = openTickets
            self.recentContacts = recentContacts
            self.lifetimeValueMinor = lifetimeValueMinor
        }
    }

    /// The requested action (`action`).
    public struct Action: Sendable, Equatable, Codable {
        /// Whether the bot asks to take an action this turn.
        public var requested: Bool
        /// `refund`, `cancel_order`, `replacement`, `account_credit`, or a custom name.
        public var kind: String
        /// The amount in minor units of `currency` (cents), 0 when none.
        public var amountMinor: Int
        /// ISO 4217 code of the amount.
        public var currency: String
        /// Whether the action cannot be undone.
        public var irreversible: Bool

        /// An action with the given fields.
        public init(requested: Bool = false, kind: String = "", amountMinor: Int = 0, currency: String = "", irreversible: Bool = false) {
            self.requested = requested
            self.kind = kind
            self.amountMinor = amountMinor
            self.currency = currency
            self.irreversible = irreversible
        }
    }

    /// The conversation (`conversation`).
    public struct Conversation: Sendable, Equatable, Codable {
        /// The conversation id.
        public var id: String
        /// `chat`, `email`, `voice`, `messaging` or `social`.
        public var channel: String
        /// BCP 47 language tag.
        public var language: String
        /// Customer turns so far, this one included.
        public var turns: Int
        /// Whether a person handed the conversation back to the bot before.
        public var handedBack: Bool
        /// Minutes the customer has spent with the bot.
        public var minutesWithBot: Double

        /// A conversation with the given fields.
        public init(
            id: String = "", channel: String = "", language: String = "", turns: Int = 0, handedBack: Bool = false,
            minutesWithBot: Double = 0
        ) {
            self.id = id
            self.channel = channel
            self.language = language
            self.turns = turns
            self.handedBack = handedBack
            self.minutesWithBot = minutesWithBot
        }
    }

    /// The tenant's local time (`time`).
    public struct Time: Sendable, Equatable, Codable {
        /// The instant of the turn.
        public var now: Date
        /// Hour of day in the tenant's time zone, 0 to 23.
        public var localHour: Int
        /// Day of week in the tenant's time zone, 1 = Monday to 7 = Sunday.
        public var localWeekday: Int
        /// Whether the tenant's business hours are open.
        public var businessHours: Bool

        /// A time with the given fields; `now` defaults to the Unix epoch.
        public init(now: Date = Date(timeIntervalSince1970: 0), localHour: Int = 0, localWeekday: Int = 0, businessHours: Bool = false) {
            self.now = now
            self.localHour = localHour
            self.localWeekday = localWeekday
            self.businessHours = businessHours
        }
    }

    /// What the planner looked up through the connector (`context`).
    public struct Context: Sendable, Equatable, Codable {
        /// The order the action is about.
        public var order: Order
        /// The customer's open tickets.
        public var tickets: [Ticket]
        /// Whether the connector found the customer.
        public var customerFound: Bool

        /// A context with the given fields.
        public init(order: Order = Order(), tickets: [Ticket] = [], customerFound: Bool = false) {
            self.order = order
            self.tickets = tickets
            self.customerFound = customerFound
        }
    }

    /// An order (`context.order`).
    public struct Order: Sendable, Equatable, Codable {
        /// Whether the connector found the order.
        public var found: Bool
        /// The order id.
        public var id: String
        /// The connector's status, such as `paid`, `shipped`, `delivered`.
        public var status: String
        /// The order total in minor units of `currency`.
        public var totalMinor: Int
        /// ISO 4217 code of the total.
        public var currency: String
        /// Whether the order was delivered.
        public var delivered: Bool
        /// Days since delivery, 0 when not delivered.
        public var daysSinceDelivery: Int
        /// Whether a warranty or entitlement covers the order.
        public var warrantyActive: Bool

        /// An order with the given fields.
        public init(
            found: Bool = false, id: String = "", status: String = "", totalMinor: Int = 0, currency: String = "",
            delivered: Bool = false, daysSinceDelivery: Int = 0, warrantyActive: Bool = false
        ) {
            self.found = found
            self.id = id
            self.status = status
            self.totalMinor = totalMinor
            self.currency = currency
            self.delivered = delivered
            self.daysSinceDelivery = daysSinceDelivery
            self.warrantyActive = warrantyActive
        }
    }

    /// An open ticket (`context.tickets[]`).
    public struct Ticket: Sendable, Equatable, Codable {
        /// The ticket id.
        public var id: String
        /// Its subject.
        public var subject: String
        /// The connector's status, such as `open`, `pending`.
        public var status: String
        /// Days since it was opened.
        public var ageDays: Int

        /// A ticket with the given fields.
        public init(id: String = "", subject: String = "", status: String = "", ageDays: Int = 0) {
            self.id = id
            self.subject = subject
            self.status = status
            self.ageDays = ageDays
        }
    }
}
