import Foundation
import SignalsCore
import Synchronization

/// The last ``IntentBaseline`` counted for each tenant by this replica's
/// scheduled scans, and when they last counted the spike window. Each
/// replica keeps its own: a replica that has none counts once.
final class IntentBaselineCache: Sendable {
    private let baselines = Mutex<[String: IntentBaseline]>([:])
    private let windowCounts = Mutex<[String: ContinuousClock.Instant]>([:])

    /// How long ago this replica last counted the tenant's spike window, if it did.
    func windowCountedAgo(of tenant: String, now: ContinuousClock.Instant = .now) -> TimeInterval? {
        windowCounts.withLock { $0[tenant] }.map { (now - $0) / .seconds(1) }
    }

    /// Notes that the tenant's spike window was counted at `now`.
    func countedWindow(of tenant: String, at now: ContinuousClock.Instant = .now) {
        windowCounts.withLock { $0[tenant] = now }
    }

    /// The tenant's kept count, if there is one.
    func baseline(of tenant: String) -> IntentBaseline? {
        baselines.withLock { $0[tenant] }
    }

    /// Keeps `baseline` as the tenant's count.
    func keep(_ baseline: IntentBaseline, for tenant: String) {
        baselines.withLock { $0[tenant] = baseline }
    }
}
