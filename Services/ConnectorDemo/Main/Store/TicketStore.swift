import Foundation
import Store
import Wire

/// `connector_demo.tickets`: the tenant's support tickets.
struct TicketStore: Sendable {
    let pool: PostgresPool

    /// Most tickets ListOpenTickets returns.
    static let limit = 100

    /// The customer's open tickets, newest first.
    func open(tenant: String, customer: String) async throws -> [HandoffV1.TicketRef] {
        try await pool.query("""
            SELECT ticket_id, subject, channel, created_at FROM connector_demo.tickets
            WHERE tenant_id = \(tenant) AND customer_id = \(customer) AND state = \(constant: StoredTicketState.open)
            ORDER BY created_at DESC, ticket_id LIMIT \(Self.limit)
            """).map { row in
            let id = try row.decode(String.self, "ticket_id")
            return try HandoffV1.TicketRef.with {
                $0.ticketID = id
                $0.subject = try row.decode(String.self, "subject")
                $0.status = "open"
                $0.channel = CommonV1.Channel(rawValue: try row.decode(Int32.self, "channel"))
                $0.url = "https://support.example/\(tenant)/tickets/\(id)"
                $0.createTime = GoogleProtobuf.Timestamp(date: try row.decode(Date.self, "created_at"))
            }
        }
    }
}
