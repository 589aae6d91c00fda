/// How a handoff should be routed, from the rule that decided it.
public struct HandoffOptions: Sendable, Equatable {
    /// The router queue, when the rule names one.
    public var queue: String?
    /// `low`, `normal`, `high` or `critical`, when the rule sets one.
    public var urgency: String?

    /// Options with the given fields.
    public init(queue: String? = nil, urgency: String? = nil) {
        self.queue = queue
        self.urgency = urgency
    }
}
