import Foundation
import Store
import Wire

/// `signals.events`: technical events, recorded once per `event_id`
/// (RecordEvent, and those that come with an Evaluate turn).
struct EventStore: Sendable {
    let pool: PostgresPool

    /// Records `event` unless its id was recorded before; true when it is new.
    @discardableResult
    func insert(_ event: CommonV1.TechnicalEvent, tenant: String, conversation: String,
                session: PostgresSession) async throws -> Bool {
        !(try await session.query(Self.insertion([event], tenant: tenant, conversation: conversation))).isEmpty
    }

    /// Records each of `events` whose id was not recorded before, returning
    /// the ids recorded. Events without an occurrence time (those of a turn
    /// may have none) take the time they are recorded.
    static func insertion(_ events: [CommonV1.TechnicalEvent], tenant: String, conversation: String) -> PostgresQuery {
        let now = Date()
        return """
            INSERT INTO signals.events (tenant_id, event_id, kind, customer_id, order_id, conversation_id, occur_time, event)
            SELECT \(tenant), e.id, e.kind, e.customer, e.order_id, \(conversation),
                   timestamptz 'epoch' + e.occurred * interval '1 microsecond', e.event
            FROM unnest(\(events.map(\.eventID))::text[], \(events.map { Int32($0.kind.rawValue) })::int4[],
                        \(events.map(\.customerID))::text[], \(events.map(Self.orderID))::text[],
                        \(events.map { ($0.occurTime?.date ?? now).postgresMicroseconds })::int8[],
                        \(events.map { Data($0.serializedBytes()) })::bytea[])
                AS e(id, kind, customer, order_id, occurred, event)
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            RETURNING event_id
            """
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
