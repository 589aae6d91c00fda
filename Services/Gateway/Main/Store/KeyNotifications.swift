import GatewayCore
import Store

/// Sends `KeyNotification`s on their channel. The payloads are encoded by
/// `KeyNotification` alone; the SQL only hands them to `pg_notify`, which
/// delivers them when the transaction commits (and never if it rolls back).
enum KeyNotifications {
    /// One statement that sends `notifications`, in order.
    static func send(_ notifications: [KeyNotification]) -> PostgresQuery {
        "SELECT pg_notify(\(KeyNotification.channel), p) FROM unnest(\(notifications.map(\.payload))) AS p"
    }
}
