import ConnectorDemoCore
import Foundation
import Store
import Wire

/// `connector_demo.orders`, their items, payments and refunds.
struct OrderStore: Sendable {
    let pool: PostgresPool

    private typealias P = StoredPaymentState

    /// The customer's order, or nil when it does not exist or is another
    /// customer's.
    func order(tenant: String, customer: String, order: String) async throws -> ConnectorV1.Order? {
        let rows = try await pool.query("""
            SELECT o.order_id, o.customer_id, o.status, o.currency, o.total_minor, o.ordered_at, o.delivered_at,
                o.warranty_end_at, coalesce(p.method, '') AS method,
                (SELECT coalesce(sum(r.amount_minor), 0)::bigint FROM connector_demo.refunds r
                 WHERE r.tenant_id = o.tenant_id AND r.order_id = o.order_id) AS refunded_minor
            FROM connector_demo.orders o
            LEFT JOIN connector_demo.payments p ON p.tenant_id = o.tenant_id AND p.order_id = o.order_id
            WHERE o.tenant_id = \(tenant) AND o.customer_id = \(customer) AND o.order_id = \(order)
            """)
        guard let row = rows.first else { return nil }
        let currency = try row.decode(String.self, "currency")
        func money(_ minor: Int64) -> CommonV1.Money { .with { $0.currencyCode = currency; $0.amountMinor = minor } }
        let items = try await pool.query("""
            SELECT sku, name, quantity, unit_price_minor, reported_issue FROM connector_demo.order_items
            WHERE tenant_id = \(tenant) AND order_id = \(order) ORDER BY line
            """).map { item in
            try ConnectorV1.OrderItem.with {
                $0.sku = try item.decode(String.self, "sku")
                $0.name = try item.decode(String.self, "name")
                $0.quantity = UInt32(try item.decode(Int32.self, "quantity"))
                $0.unitPrice = money(try item.decode(Int64.self, "unit_price_minor"))
                $0.reportedIssue = try item.decode(String.self, "reported_issue")
            }
        }
        return try .with {
            $0.orderID = try row.decode(String.self, "order_id")
            $0.customerID = try row.decode(String.self, "customer_id")
            $0.status = ConnectorV1.OrderStatus(rawValue: try row.decode(Int32.self, "status"))
            $0.items = items
            $0.total = money(try row.decode(Int64.self, "total_minor"))
            $0.refunded = money(try row.decode(Int64.self, "refunded_minor"))
            $0.orderTime = GoogleProtobuf.Timestamp(date: try row.decode(Date.self, "ordered_at"))
            $0.deliveredTime = try row.decode(Date?.self, "delivered_at").map { GoogleProtobuf.Timestamp(date: $0) }
            $0.warrantyEndTime = try row.decode(Date?.self, "warranty_end_at").map { GoogleProtobuf.Timestamp(date: $0) }
            $0.paymentMethod = try row.decode(String.self, "method")
        }
    }

    /// The order as the action rules see it, locked (`FOR UPDATE`) until the
    /// transaction ends so that two actions on one order run one after the
    /// other; nil when the customer has no such order.
    static func lockedSnapshot(_ session: PostgresSession, tenant: String, customer: String,
                               order: String) async throws -> OrderSnapshot? {
        let rows = try await session.query("""
            SELECT order_id, status, currency, total_minor FROM connector_demo.orders
            WHERE tenant_id = \(tenant) AND customer_id = \(customer) AND order_id = \(order)
            FOR UPDATE
            """)
        guard let row = rows.first else { return nil }
        let facts = try await session.query("""
            SELECT (SELECT coalesce(sum(amount_minor), 0)::bigint FROM connector_demo.refunds
                    WHERE tenant_id = \(tenant) AND order_id = \(order)) AS refunded_minor,
                   EXISTS (SELECT 1 FROM connector_demo.payments WHERE tenant_id = \(tenant) AND order_id = \(order)
                           AND state = \(constant: P.disputed)) AS disputed,
                   (SELECT coalesce(array_agg(sku ORDER BY line), '{}') FROM connector_demo.order_items
                    WHERE tenant_id = \(tenant) AND order_id = \(order)) AS skus,
                   (SELECT coalesce(array_agg(quantity ORDER BY line), '{}') FROM connector_demo.order_items
                    WHERE tenant_id = \(tenant) AND order_id = \(order)) AS quantities
            """)[0]
        let stored = try row.decode(Int32.self, "status")
        guard let status = OrderSnapshot.Status(rawValue: stored) else {
            throw PostgresError(.decoding, "connector_demo.orders.status: \(stored) is no order state")
        }
        let skus = try facts.decode([String].self, "skus")
        let quantities = try facts.decode([Int32].self, "quantities")
        return OrderSnapshot(
            orderID: try row.decode(String.self, "order_id"),
            status: status,
            currency: try row.decode(String.self, "currency"), totalMinor: try row.decode(Int64.self, "total_minor"),
            refundedMinor: try facts.decode(Int64.self, "refunded_minor"), paymentDisputed: try facts.decode(Bool.self, "disputed"),
            quantities: Dictionary(zip(skus, quantities.map { UInt32($0) }), uniquingKeysWith: +))
    }
}
