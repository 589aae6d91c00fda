/// A value a customer message can show, written `{{name}}` in a template.
public enum Placeholder: String, Sendable, Hashable, CaseIterable {
    /// The human agent's display name, "Ana".
    case agentName = "agent_name"
    /// The customer's name, when the request gave one.
    case customerName = "customer_name"
    /// The estimated wait with its unit, in the message's language: "1
    /// minute", "12 minutes", "12 minutos", "12 Minuten". What the built-in
    /// templates use: a number alone cannot agree with the word after it.
    case wait
    /// The estimated wait in whole minutes alone, "12" (for a template
    /// that writes its own unit; it stands in for `wait`).
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
