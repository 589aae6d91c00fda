/// Context the planner gathers through the tenant's connector before the
/// policy decides, when the policy's `context` section asks for it.
public enum ContextLookup: String, Sendable, Codable, CaseIterable {
    /// The customer's profile (`context.customer_found`, `customer.*`).
    case customer
    /// The order the action is about (`context.order`).
    case order
    /// The customer's open tickets (`context.tickets`).
    case tickets
}
