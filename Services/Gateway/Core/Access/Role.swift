/// What a credential may do: each role maps to a set of methods
/// (see ``MethodAccess``). A credential carries exactly one role.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// A tenant's support bot: turns, confirmations, positions and watches.
    case bot
    /// A human agent: its own session, offers, completions and packages.
    case agent
    /// A supervisor: queues, statistics, approvals, policies and packages (read).
    case supervisor
    /// An administrator: policies, thresholds, queues, agents and keys.
    case admin
    /// An auditor: the audit log, its verification and metrics.
    case auditor
}
