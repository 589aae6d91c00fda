/// How an approval should be handled, from the rule that decided it.
public struct ApprovalOptions: Sendable, Equatable {
    /// Whether the approval is enqueued on the router as a task for a supervisor.
    public var routeToSupervisor: Bool
    /// How long the approval stays open before it expires.
    public var ttl: Duration

    /// The TTL when the rule sets none.
    public static let defaultTTL: Duration = .seconds(24 * 3_600)

    /// Options with the given fields.
    public init(routeToSupervisor: Bool = false, ttl: Duration = ApprovalOptions.defaultTTL) {
        self.routeToSupervisor = routeToSupervisor
        self.ttl = ttl
    }
}
