import RouterCore
import Store

/// Sends `RouterNotification`s on the `baton_router` channel. The payloads
/// are encoded by `RouterNotification` alone; the SQL only hands them to
/// `pg_notify`, which delivers them when the transaction commits.
enum Notifications {
    /// The channel every replica listens on.
    static let channel = "baton_router"

    /// One statement that sends `notifications`, in order; nil when there
    /// are none.
    static func send(_ notifications: [RouterNotification]) -> PostgresQuery? {
        guard !notifications.isEmpty else { return nil }
        return "SELECT pg_notify(\(channel), p) FROM unnest(\(notifications.map(\.payload))) AS p"
    }

    /// Sends `notification` now (outside a transaction: at once).
    static func send(_ notification: RouterNotification, pool: PostgresPool) async throws {
        try await pool.query("SELECT pg_notify(\(channel), \(notification.payload))")
    }
}
