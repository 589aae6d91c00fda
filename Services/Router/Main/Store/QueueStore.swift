import Foundation
import Store
import Wire

/// `router.queues`: each tenant's queue configurations, stored as the
/// `Queue` message.
struct QueueStore: Sendable {
    let pool: PostgresPool

    /// Stores `queue` (created or replaced); true when it is new.
    func upsert(_ queue: RouterV1.Queue) async throws -> Bool {
        let rows = try await pool.query("""
            INSERT INTO router.queues (tenant_id, queue_id, categories, config)
            VALUES (\(queue.tenantID), \(queue.queueID), \(queue.categories), \(Data(queue.serializedBytes())))
            ON CONFLICT (tenant_id, queue_id) DO UPDATE SET categories = EXCLUDED.categories, config = EXCLUDED.config,
                update_time = now()
            RETURNING (xmax = 0) AS created
            """)
        return try rows[0].decode(Bool.self, "created")
    }

    /// Every queue of `tenant`.
    func all(of tenant: String) async throws -> [RouterV1.Queue] {
        try await pool.query("SELECT config FROM router.queues WHERE tenant_id = \(tenant)").map { row in
            try RouterV1.Queue(serializedBytes: [UInt8](try row.decode(Data.self, "config")))
        }
    }
}
