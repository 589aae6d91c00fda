/// The gateway's rate limits: one token bucket per credential and one per
/// tenant, both checked on every call. A caller over its own limit is refused
/// before it can spend its tenant's tokens, so one noisy key cannot starve
/// the tenant's other keys beyond the tenant's own limit.
public struct RateLimits: Sendable {
    /// Limits of one kind of bucket.
    public struct Limit: Sendable, Hashable {
        /// Sustained calls per second.
        public var ratePerSecond: Double
        /// Calls allowed at once after a quiet period.
        public var burst: Double

        /// Creates a limit.
        public init(ratePerSecond: Double, burst: Double) {
            self.ratePerSecond = ratePerSecond
            self.burst = burst
        }
    }

    /// What `admit` decided.
    public enum Decision: Sendable, Hashable {
        /// Within both limits.
        case admitted
        /// Over the credential's limit; retry after this many seconds.
        case credentialLimited(retryAfter: Double)
        /// Over the tenant's limit; retry after this many seconds.
        case tenantLimited(retryAfter: Double)
    }

    /// Per credential.
    public let perCredential: Limit
    /// Per tenant (all its credentials together).
    public let perTenant: Limit
    private var credentials: [String: TokenBucket] = [:]
    private var tenants: [String: TokenBucket] = [:]

    /// Creates limits with no buckets yet.
    public init(perCredential: Limit, perTenant: Limit) {
        self.perCredential = perCredential
        self.perTenant = perTenant
    }

    /// Admits one call by `credential` (its id) of `tenant` at `now` (seconds).
    public mutating func admit(credential: String, tenant: String, now: Double) -> Decision {
        var own = credentials[credential] ?? TokenBucket(burst: perCredential.burst,
                                                         ratePerSecond: perCredential.ratePerSecond, now: now)
        if let wait = own.take(now: now) {
            credentials[credential] = own
            return .credentialLimited(retryAfter: wait)
        }
        var shared = tenants[tenant] ?? TokenBucket(burst: perTenant.burst, ratePerSecond: perTenant.ratePerSecond,
                                                    now: now)
        if let wait = shared.take(now: now) {
            // The caller's token is given back: the call was not made.
            own.refund()
            credentials[credential] = own
            tenants[tenant] = shared
            return .tenantLimited(retryAfter: wait)
        }
        credentials[credential] = own
        tenants[tenant] = shared
        return .admitted
    }

    /// Drops the buckets that are full at `now` (they hold no state worth
    /// keeping), so memory follows the active callers, not every caller ever seen.
    public mutating func evictIdle(now: Double) {
        credentials = credentials.filter { !$0.value.isFull(now: now) }
        tenants = tenants.filter { !$0.value.isFull(now: now) }
    }

    /// How many buckets are held (for metrics and tests).
    public var bucketCount: Int { credentials.count + tenants.count }
}
