import Foundation
import Store
import Wire

/// `signals.events`: technical events, recorded once per `event_id`
/// (RecordEvent, and those that come with an Evaluate turn).
struct EventStore: Sendable {
    let pool: PostgresPool

    /// Records `event` unless its id was recorded before; true when it is new.
    /// Events without an occurrence time (those of a turn may have none) take the time they are recorded.
    @discardableResult
    func insert(_ event: CommonV1.TechnicalEvent, tenant: String, conversation: String,
                session: PostgresSession) async throws -> Bool {
        let occurred = event.occurTime?.date ?? Date()
        let rows = try await session.query("""
            INSERT INTO signals.events (tenant_id, event_id, kind, customer_id, order_id, conversation_id, occur_time, event)
            VALUES (\(tenant), \(event.eventID), \(Int32(event.kind.rawValue)), \(event.customerID), \(Self.orderID(of: event)),
                    \(conversation), \(occurred), \(Data(event.serializedBytes())))
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            RETURNING event_id
            """)
        return !rows.isEmpty
    }

    /// Whether an order-cancelled event was recorded for `order`.
    func orderCancelled(_ order: String, tenant: String, session: PostgresSession) async throws -> Bool {
        guard !order.isEmpty else { return false }
        let rows = try await session.query("""
            SELECT EXISTS (SELECT 1 FROM signals.events WHERE tenant_id = \(tenant) AND order_id = \(order)
                           AND kind = \(constant: CommonV1.TechnicalEventKind.orderCancelled)) AS cancelled
            """)
        return try rows[0].decode(Bool.self, "cancelled")
    }

    /// The order an event is about: a delivery delay's own order id, else the event's.
    static func orderID(of event: CommonV1.TechnicalEvent) -> String {
        if case .deliveryDelay(let delay)? = event.detail, !delay.orderID.isEmpty { return delay.orderID }
        return event.orderID
    }
}
