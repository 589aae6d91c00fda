import PlannerCore

/// A tenant's rollout as this replica last read it (`PlannerService.rollout(tenant:)`).
struct CachedRollout: Sendable {
    /// The rollout read.
    var rollout: PolicyRollout
    /// When the read began.
    var read: ContinuousClock.Instant
    /// Whether a turn is reading it again (it expired): the others keep this one meanwhile.
    var refreshing = false
}
