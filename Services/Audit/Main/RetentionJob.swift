import AuditCore
import Logging

/// The retention run (a background job every `BATON_AUDIT_RETENTION_INTERVAL`):
/// per tenant with a retention, deletes the sealing keys of every month
/// past it (`RetentionRule`), so the entries sealed under them answer
/// `details_unreadable`. Entries, leaves, hashes and checkpoints are not
/// touched, so the log verifies as before.
struct RetentionJob: Sendable {
    let retention: RetentionStore
    let keys: SealingKeyStore
    let settings: AuditSettings
    let logger: Logger

    /// One run at the service's time; returns the keys deleted.
    @discardableResult
    func run() async throws -> Int {
        let now = settings.now()
        var deleted = 0
        for (tenant, seconds) in try await retention.all() {
            let firstKept = RetentionRule.firstKept(retention: seconds, now: now)
            let count = try await keys.deletePeriods(tenant: tenant, before: firstKept)
            if count > 0 {
                logger.info("sealing keys past retention deleted", metadata: [
                    "tenant": "\(tenant)", "keys": "\(count)", "before": "\(firstKept)",
                ])
            }
            deleted += count
        }
        return deleted
    }
}
