/// A value a customer message can show, written `{{name}}` in a template.
public enum Placeholder: String, Sendable, Hashable, CaseIterable {
    /// The human agent's display name, "Ana".
    case agentName = "agent_name"
    /// The customer's name, when the request gave one.
    case customerName = "customer_name"
    /// The estimated wait in whole minutes, "12".
    case waitMinutes = "wait_minutes"
    /// One-based queue position, "3".
    case position
    /// What the specialist helps with, as a phrase for the customer in
    /// their language ("your refund"), not the dotted issue type.
    case category
    /// When the callback will come, as a phrase ("tomorrow between 9:00
    /// and 10:00").
    case callbackWindow = "callback_window"
    /// The summary of the issue the customer confirms before a callback.
    case summary
}
