/// Who may call one method through the gateway, and for how long.
public struct MethodRule: Sendable, Hashable {
    /// The roles whose credentials may call it. Empty: only Baton's services
    /// call it, inside the cluster; through the gateway it is always denied.
    public var roles: Set<Role>
    /// The longest deadline the gateway grants a call (a client asking for
    /// more gets this; a client asking for none gets this). Nil for the
    /// long-lived streams, which end when the client goes away.
    public var deadlineCapSeconds: Int?
    /// For agents: every `escalation_id` in the request must be an escalation
    /// assigned to the calling agent (handoff packages and feedback).
    public var agentsOnlyOnAssigned: Bool

    /// Creates a rule.
    public init(_ roles: Set<Role>, deadlineCapSeconds: Int? = MethodRule.defaultDeadlineCapSeconds,
                agentsOnlyOnAssigned: Bool = false) {
        self.roles = roles
        self.deadlineCapSeconds = deadlineCapSeconds
        self.agentsOnlyOnAssigned = agentsOnlyOnAssigned
    }

    /// The cap on unary calls unless a method says otherwise.
    public static let defaultDeadlineCapSeconds = 30
}
