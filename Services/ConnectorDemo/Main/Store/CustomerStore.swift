import Foundation
import Store
import Wire

/// `connector_demo.customers`, with the activity derived from the orders,
/// refunds and tickets tables.
struct CustomerStore: Sendable {
    let pool: PostgresPool

    private typealias O = StoredOrderState
    private typealias T = StoredTicketState

    /// The customer's profile, or nil when `tenant` has no such customer.
    /// Lifetime value is what the customer paid (cancelled orders aside)
    /// minus what was refunded; contacts are tickets opened in the last 30
    /// days, unresolved the ones of those still open.
    func profile(tenant: String, customer: String) async throws -> CommonV1.CustomerProfile? {
        let rows = try await pool.query("""
            SELECT c.customer_id, c.display_name, c.tier, c.language, c.currency, c.segment,
                greatest(0, floor(extract(epoch FROM now() - c.customer_since) / 86400))::bigint AS tenure_days,
                (SELECT coalesce(sum(o.total_minor), 0)::bigint FROM connector_demo.orders o
                 WHERE o.tenant_id = c.tenant_id AND o.customer_id = c.customer_id AND o.status <> \(constant: O.cancelled))
                - (SELECT coalesce(sum(r.amount_minor), 0)::bigint FROM connector_demo.refunds r
                   JOIN connector_demo.orders o ON o.tenant_id = r.tenant_id AND o.order_id = r.order_id
                   WHERE o.tenant_id = c.tenant_id AND o.customer_id = c.customer_id AND o.status <> \(constant: O.cancelled))
                  AS lifetime_minor,
                (SELECT count(*) FROM connector_demo.orders o WHERE o.tenant_id = c.tenant_id AND o.customer_id = c.customer_id
                   AND o.ordered_at > now() - interval '90 days') AS orders_90,
                (SELECT max(o.ordered_at) FROM connector_demo.orders o
                 WHERE o.tenant_id = c.tenant_id AND o.customer_id = c.customer_id) AS last_order_at,
                (SELECT count(*) FROM connector_demo.tickets t WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.customer_id
                   AND t.created_at > now() - interval '30 days') AS contacts_30,
                (SELECT count(*) FROM connector_demo.tickets t WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.customer_id
                   AND t.created_at > now() - interval '30 days' AND t.state = \(constant: T.open)) AS unresolved_30,
                (SELECT coalesce(array_agg(DISTINCT t.channel ORDER BY t.channel), '{}') FROM connector_demo.tickets t
                 WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.customer_id
                   AND t.created_at > now() - interval '30 days') AS channels_30,
                (SELECT max(t.created_at) FROM connector_demo.tickets t
                 WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.customer_id) AS last_contact_at,
                (SELECT coalesce(array_agg(t.ticket_id ORDER BY t.created_at DESC, t.ticket_id), '{}')
                 FROM connector_demo.tickets t WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.customer_id
                   AND t.state = \(constant: T.open)) AS open_tickets
            FROM connector_demo.customers c WHERE c.tenant_id = \(tenant) AND c.customer_id = \(customer)
            """)
        guard let row = rows.first else { return nil }
        let currency = try row.decode(String.self, "currency")
        let segment = try row.decode(String.self, "segment")
        let activity = try CommonV1.CustomerProfile.RecentActivity.with {
            $0.contactsLast30Days = UInt32(try row.decode(Int64.self, "contacts_30"))
            $0.unresolvedContactsLast30Days = UInt32(try row.decode(Int64.self, "unresolved_30"))
            $0.channelsTried = try row.decode([Int32].self, "channels_30").map { CommonV1.Channel(rawValue: $0) }
            $0.lastContactTime = try row.decode(Date?.self, "last_contact_at").map { GoogleProtobuf.Timestamp(date: $0) }
            $0.ordersLast90Days = UInt32(try row.decode(Int64.self, "orders_90"))
            $0.lastOrderTime = try row.decode(Date?.self, "last_order_at").map { GoogleProtobuf.Timestamp(date: $0) }
            $0.openTicketIDs = try row.decode([String].self, "open_tickets")
        }
        return try .with {
            $0.customerID = try row.decode(String.self, "customer_id")
            $0.displayName = try row.decode(String.self, "display_name")
            $0.tier = CommonV1.CustomerTier(rawValue: try row.decode(Int32.self, "tier"))
            $0.tenureDays = UInt32(try row.decode(Int64.self, "tenure_days"))
            $0.language = try row.decode(String.self, "language")
            $0.lifetimeValue = try .with { $0.currencyCode = currency; $0.amountMinor = try row.decode(Int64.self, "lifetime_minor") }
            $0.recentActivity = activity
            if !segment.isEmpty { $0.attributes = ["segment": segment] }
        }
    }

    /// Whether `tenant` has the customer.
    func exists(tenant: String, customer: String) async throws -> Bool {
        try await !pool.query("""
            SELECT 1 FROM connector_demo.customers WHERE tenant_id = \(tenant) AND customer_id = \(customer)
            """).isEmpty
    }
}
