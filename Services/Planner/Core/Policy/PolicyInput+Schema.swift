// The one description of the policy input schema: CEL names (snake_case,
// also the JSON keys), types from the Swift properties, and meanings.

import Wire

extension PolicyInput: PolicyRecord {
    static let celTypeName = "baton.policy.Input"
    static var zero: Self { Self() }
    static let fields: [PolicyField<PolicyInput>] = [
        .init("signals", \.signals, "The signals report for the turn."),
        .init("customer", \.customer, "The customer."),
        .init("action", \.action, "The action the bot asks to take."),
        .init("conversation", \.conversation, "The conversation so far."),
        .init("time", \.time, "The tenant's local time."),
        .init("context", \.context, "What the planner looked up through the tenant's connector (see `context` in the document)."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form: snake_case keys, the CEL field names.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }

    /// The JSON form ``encode(to:)`` gives (`JSONDecoder` reads it back),
    /// written straight into bytes: the planner stores it with every turn,
    /// and `JSONEncoder` took longer over it than the turn's decision.
    public func jsonBytes() throws -> [UInt8] {
        var writer = JSONWriter(capacity: 2048)
        try writeJSON(into: &writer)
        return writer.bytes
    }
}

extension PolicyInput.Signals: PolicyRecord {
    static let celTypeName = "baton.policy.Signals"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("available", \.available, "False when signals was unreachable: the `failSafe` rules decide. Document tests default it to true."),
        .init("risk", \.risk, "Risk score, 0 to 1."),
        .init("recommendation", \.recommendation, "`continue`, `monitor` or `handoff`."),
        .init("triggers", \.triggers, "The triggers that fired."),
        .init("trigger_names", \.triggerNames, "Their names (a test input derives it from `triggers` when left out)."),
        .init("trigger_categories", \.triggerCategories, "Their distinct categories (derived like `trigger_names`)."),
        .init("intent", \.intent, "The classified intent."),
        .init("intent_confidence", \.intentConfidence, "Confidence in the intent, 0 to 1."),
        .init("sentiment", \.sentiment, "Sentiment, -1 (negative) to 1."),
        .init("explicit_request", \.explicitRequest, "The customer explicitly asked for a person."),
    ]

    mutating func completeDerivedFields(given: Set<String>) {
        if !given.contains("trigger_names") { triggerNames = triggers.map(\.name) }
        if !given.contains("trigger_categories") { triggerCategories = Self.distinctCategories(of: triggers) }
    }

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Trigger: PolicyRecord {
    static let celTypeName = "baton.policy.Trigger"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("name", \.name, "Catalog name, such as `capability.legal`."),
        .init("category", \.category, "Category, such as `capability`."),
        .init("score", \.score, "Score, 0 to 1."),
        .init("evidence", \.evidence, "What in the conversation fired it."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Customer: PolicyRecord {
    static let celTypeName = "baton.policy.Customer"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("id", \.id, "The tenant's customer id."),
        .init("known", \.known, "The customer is identified."),
        .init("tier", \.tier, "`free`, `standard`, `premium`, `vip_gold` or `vip_platinum` (`startsWith('vip')` tells a VIP); empty when unknown."),
        .init("tenure_days", \.tenureDays, "Days since the first purchase or contact."),
        .init("open_tickets", \.openTickets, "Open tickets."),
        .init("recent_contacts", \.recentContacts, "Contacts in the last 30 days."),
        .init("lifetime_value_minor", \.lifetimeValueMinor, "Lifetime value in minor units of the tenant's currency."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Action: PolicyRecord {
    static let celTypeName = "baton.policy.Action"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("requested", \.requested, "The bot asks to take an action this turn."),
        .init("kind", \.kind, "`refund`, `cancel_order`, `replacement`, `account_credit`, or a custom name."),
        .init("amount_minor", \.amountMinor, "Amount in minor units of `currency` (cents); 0 when none."),
        .init("currency", \.currency, "ISO 4217 code of the amount."),
        .init("irreversible", \.irreversible, "The action cannot be undone."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Conversation: PolicyRecord {
    static let celTypeName = "baton.policy.Conversation"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("id", \.id, "The conversation id."),
        .init("channel", \.channel, "`chat`, `email`, `voice`, `messaging` or `social`."),
        .init("language", \.language, "BCP 47 language tag."),
        .init("turns", \.turns, "Customer turns so far, this one included."),
        .init("handed_back", \.handedBack, "A person handed the conversation back to the bot before."),
        .init("minutes_with_bot", \.minutesWithBot, "Minutes the customer has spent with the bot."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Time: PolicyRecord {
    static let celTypeName = "baton.policy.Time"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("now", \.now, "The instant of the turn (an RFC 3339 string in test inputs)."),
        .init("local_hour", \.localHour, "Hour of day in the tenant's time zone, 0 to 23."),
        .init("local_weekday", \.localWeekday, "Day of week in the tenant's time zone, 1 = Monday to 7 = Sunday."),
        .init("business_hours", \.businessHours, "The tenant's business hours are open."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Context: PolicyRecord {
    static let celTypeName = "baton.policy.Context"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("order", \.order, "The order the action is about (lookup `order`)."),
        .init("tickets", \.tickets, "The customer's open tickets (lookup `tickets`)."),
        .init("customer_found", \.customerFound, "The connector found the customer (lookup `customer`)."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Order: PolicyRecord {
    static let celTypeName = "baton.policy.Order"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("found", \.found, "The connector found the order."),
        .init("id", \.id, "The order id."),
        .init("status", \.status, "The connector's status, such as `paid`, `shipped`, `delivered`."),
        .init("total_minor", \.totalMinor, "Order total in minor units of `currency`."),
        .init("currency", \.currency, "ISO 4217 code of the total."),
        .init("delivered", \.delivered, "The order was delivered."),
        .init("days_since_delivery", \.daysSinceDelivery, "Days since delivery; 0 when not delivered."),
        .init("warranty_active", \.warrantyActive, "A warranty or entitlement covers the order."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}

extension PolicyInput.Ticket: PolicyRecord {
    static let celTypeName = "baton.policy.Ticket"
    static var zero: Self { Self() }
    static let fields: [PolicyField<Self>] = [
        .init("id", \.id, "The ticket id."),
        .init("subject", \.subject, "Its subject."),
        .init("status", \.status, "The connector's status, such as `open` or `pending`."),
        .init("age_days", \.ageDays, "Days since it was opened."),
    ]

    /// Decodes the JSON form; every key is optional.
    public init(from decoder: any Decoder) throws { try self.init(schemaDecoder: decoder) }
    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws { try encode(schemaEncoder: encoder) }
}
