import SignalsCore
import Synchronization

/// The last ``IntentBaseline`` counted for each tenant by this replica's
/// scheduled scans. Each replica keeps its own: a replica that has none
/// counts once.
final class IntentBaselineCache: Sendable {
    private let baselines = Mutex<[String: IntentBaseline]>([:])

    /// The tenant's kept count, if there is one.
    func baseline(of tenant: String) -> IntentBaseline? {
        baselines.withLock { $0[tenant] }
    }

    /// Keeps `baseline` as the tenant's count.
    func keep(_ baseline: IntentBaseline, for tenant: String) {
        baselines.withLock { $0[tenant] = baseline }
    }
}
