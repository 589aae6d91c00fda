import Foundation
import Store

/// Forgets what Evaluate and RecordEvent stored once it is past the
/// retention: every row of `signals.evaluations`, `signals.conversation_messages`
/// and `signals.events` of a conversation whose last evaluation is older than
/// the cutoff, and events without a conversation recorded before it. A batch
/// at a time, one statement each (the deletes of a conversation commit
/// together), per tenant so that the tenant's indexes serve the search.
struct RetentionStore: Sendable {
    let pool: PostgresPool

    /// Forgets up to `limit` of `tenant`'s conversations whose last
    /// evaluation was before `cutoff`; returns how many.
    func forgetIdleConversations(of tenant: String, before cutoff: Date, limit: Int) async throws -> Int {
        let rows = try await pool.query("""
            WITH idle AS (
                SELECT DISTINCT e.conversation_id FROM signals.evaluations e
                WHERE e.tenant_id = \(tenant) AND e.created_at < \(cutoff)
                  AND NOT EXISTS (SELECT 1 FROM signals.evaluations n
                                  WHERE n.tenant_id = e.tenant_id AND n.conversation_id = e.conversation_id
                                    AND n.created_at >= \(cutoff))
                LIMIT \(Int64(limit))
            ), messages AS (
                DELETE FROM signals.conversation_messages m USING idle
                WHERE m.tenant_id = \(tenant) AND m.conversation_id = idle.conversation_id
            ), events AS (
                DELETE FROM signals.events v USING idle
                WHERE v.tenant_id = \(tenant) AND v.conversation_id = idle.conversation_id AND v.conversation_id <> ''
            ), evaluations AS (
                DELETE FROM signals.evaluations e USING idle
                WHERE e.tenant_id = \(tenant) AND e.conversation_id = idle.conversation_id
            )
            SELECT count(*) AS forgotten FROM idle
            """)
        return try rows[0].decode(Int.self, "forgotten")
    }

    /// Forgets up to `limit` of `tenant`'s events without a conversation
    /// recorded before `cutoff`; returns how many.
    func forgetOldEvents(of tenant: String, before cutoff: Date, limit: Int) async throws -> Int {
        let rows = try await pool.query("""
            WITH old AS (
                SELECT event_id FROM signals.events
                WHERE tenant_id = \(tenant) AND conversation_id = '' AND recorded_at < \(cutoff)
                LIMIT \(Int64(limit))
            ), gone AS (
                DELETE FROM signals.events v USING old WHERE v.tenant_id = \(tenant) AND v.event_id = old.event_id
            )
            SELECT count(*) AS forgotten FROM old
            """)
        return try rows[0].decode(Int.self, "forgotten")
    }
}
