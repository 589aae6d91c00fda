import GatewayCore
import Synchronization
import Wire

/// The gateway's ``RateLimits``, shared by every call of this replica.
/// Limits are per replica: with N replicas a caller may reach N times the
/// configured rate, which the README states (a shared counter would put a
/// database write on every call).
final class RateLimiter: Sendable {
    private let limits: Mutex<RateLimits>
    private let epoch = ContinuousClock.now

    init(perCredential: RateLimits.Limit, perTenant: RateLimits.Limit) {
        limits = Mutex(RateLimits(perCredential: perCredential, perTenant: perTenant))
    }

    /// Admits one call now.
    func admit(credential: String, tenant: String) -> RateLimits.Decision {
        let now = seconds()
        return limits.withLock { $0.admit(credential: credential, tenant: tenant, now: now) }
    }

    /// Drops the buckets of callers that have gone quiet.
    func evictIdle() {
        let now = seconds()
        limits.withLock { $0.evictIdle(now: now) }
    }

    private func seconds() -> Double {
        (ContinuousClock.now - epoch).timeInterval
    }
}
