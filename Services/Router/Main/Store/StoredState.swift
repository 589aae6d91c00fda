import RouterCore
import Store
import Wire

/// An escalation's state as stored in `router.escalations.state`: the
/// wire's `EscalationState` numbers, written into SQL as constants so that
/// partial indexes on a state (`WHERE state = 1`) serve cached plans.
enum StoredEscalationState: Int32, PostgresConstant, CaseIterable {
    case queued = 1
    case offered = 2
    case assigned = 3
    case completed = 4
    case callbackScheduled = 5
    case expired = 6
    case cancelled = 7

    /// The wire state.
    var proto: RouterV1.EscalationState { RouterV1.EscalationState(rawValue: rawValue) }
}

/// An offer's state as stored in `router.offers.state`.
enum StoredOfferState: Int32, PostgresConstant, CaseIterable {
    case pending = 1
    case accepted = 2
    case declined = 3
    case expired = 4
    case revoked = 5
}

/// Presence as stored in `router.agents.presence`: RouterCore's raw values,
/// which are the wire's.
enum StoredPresence: Int32, PostgresConstant, CaseIterable {
    case available = 1
    case busy = 2
    case away = 3
    case offline = 4

    /// The stored value of `presence`.
    init(_ presence: Presence) {
        self = Self(rawValue: Int32(presence.rawValue))!
    }
}

/// Why an escalation expired, as stored in `router.escalations.expiry_reason`
/// (RouterCore's `ExpiryReason` raw values, which are the wire's).
enum StoredExpiryReason: Int32, PostgresConstant, CaseIterable {
    case maxWait = 1
    case defaultMaxWait = 2
    case maxOffers = 3
    case queueNeverOpens = 4
}
