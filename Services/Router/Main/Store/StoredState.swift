/// An escalation's state as stored in `router.escalations.state`: the
/// wire's `EscalationState` numbers, written into SQL as constants
/// (`\(constant:)`) so that partial indexes on a state (`WHERE state = 1`)
/// serve cached plans. Presence and expiry reasons are stored as RouterCore's
/// `Presence` and `ExpiryReason` raw values, written the same way.
enum StoredEscalationState: Int32 {
    case queued = 1
    case offered = 2
    case assigned = 3
    case completed = 4
    case callbackScheduled = 5
    case expired = 6
    case cancelled = 7
}

/// An offer's state as stored in `router.offers.state`.
enum StoredOfferState: Int32 {
    case pending = 1
    case accepted = 2
    case declined = 3
    case expired = 4
    case revoked = 5
}
