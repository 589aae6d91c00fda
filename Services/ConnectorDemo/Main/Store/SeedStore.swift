import Store
import Wire

/// The demo tenant's data (`BATON_CONNECTOR_DEMO_SEED=1`): the same ids,
/// tiers, orders, amounts and tickets on every run; times relative to the
/// moment of seeding, so that a delivery is always "5 days ago" and a
/// warranty still running. Seeding again changes nothing (every insert is
/// ON CONFLICT DO NOTHING), so replicas may all seed and a restart keeps
/// what actions did since.
///
/// | customer | tier | what the demo shows |
/// | --- | --- | --- |
/// | c-ada | premium | o-1001 delivered 5 days ago, headphones damaged (129.99 EUR); ticket T-2001 open |
/// | c-ben | standard | o-1002 placed yesterday (cancellable, 45.99); o-1003 paid with a disputed card (29.99) |
/// | c-chloe | VIP gold | o-1004 laptop 899.00, 100.00 refunded already; o-1005 shipped; tickets T-2002, T-2003 open |
/// | c-eva | VIP platinum | o-1006 delivered 400 days ago, warranty ended 35 days ago |
struct SeedStore: Sendable {
    let pool: PostgresPool

    private typealias O = StoredOrderState
    private typealias P = StoredPaymentState
    private typealias T = StoredTicketState
    private typealias Tier = CommonV1.CustomerTier
    private typealias Channel = CommonV1.Channel

    /// Seeds `tenant` (the demo uses "demo-retail"); returns the customers inserted (0 when seeded before).
    @discardableResult
    func seed(tenant: String) async throws -> Int {
        try await pool.transaction { session in
            let customers = try await session.query("""
                INSERT INTO connector_demo.customers (tenant_id, customer_id, display_name, tier, language, currency, customer_since,
                    segment)
                VALUES (\(tenant), 'c-ada', 'Ada Lovelace', \(constant: Tier.premium), 'en', 'EUR', now() - interval '800 days', 'consumer'),
                       (\(tenant), 'c-ben', 'Ben Okafor', \(constant: Tier.standard), 'en', 'EUR', now() - interval '60 days', 'consumer'),
                       (\(tenant), 'c-chloe', 'Chloé Martin', \(constant: Tier.vipGold), 'fr', 'EUR', now() - interval '2000 days', 'smb'),
                       (\(tenant), 'c-eva', 'Eva Rossi', \(constant: Tier.vipPlatinum), 'it', 'EUR', now() - interval '3000 days', 'key_account')
                ON CONFLICT DO NOTHING
                """)
            try await session.query("""
                INSERT INTO connector_demo.orders (tenant_id, order_id, customer_id, status, currency, total_minor, ordered_at,
                    delivered_at, warranty_end_at)
                VALUES (\(tenant), 'o-1001', 'c-ada', \(constant: O.delivered), 'EUR', 12999, now() - interval '9 days',
                        now() - interval '5 days', now() - interval '5 days' + interval '2 years'),
                       (\(tenant), 'o-1002', 'c-ben', \(constant: O.placed), 'EUR', 4599, now() - interval '1 day', NULL, NULL),
                       (\(tenant), 'o-1003', 'c-ben', \(constant: O.delivered), 'EUR', 2999, now() - interval '45 days',
                        now() - interval '40 days', NULL),
                       (\(tenant), 'o-1004', 'c-chloe', \(constant: O.delivered), 'EUR', 89900, now() - interval '25 days',
                        now() - interval '20 days', now() - interval '20 days' + interval '3 years'),
                       (\(tenant), 'o-1005', 'c-chloe', \(constant: O.shipped), 'EUR', 15900, now() - interval '3 days', NULL, NULL),
                       (\(tenant), 'o-1006', 'c-eva', \(constant: O.delivered), 'EUR', 249900, now() - interval '405 days',
                        now() - interval '400 days', now() - interval '35 days')
                ON CONFLICT DO NOTHING
                """)
            try await session.query("""
                INSERT INTO connector_demo.order_items (tenant_id, order_id, line, sku, name, quantity, unit_price_minor, reported_issue)
                VALUES (\(tenant), 'o-1001', 1, 'SKU-HP-200', 'Wireless headphones HP-200', 1, 11999, 'damaged'),
                       (\(tenant), 'o-1001', 2, 'SHIP-STD', 'Standard shipping', 1, 1000, ''),
                       (\(tenant), 'o-1002', 1, 'SKU-MUG-3', 'Ceramic mug, set of 3', 1, 3999, ''),
                       (\(tenant), 'o-1002', 2, 'SHIP-STD', 'Standard shipping', 1, 600, ''),
                       (\(tenant), 'o-1003', 1, 'SKU-CASE-7', 'Phone case', 1, 2999, ''),
                       (\(tenant), 'o-1004', 1, 'SKU-LT-14', 'Laptop 14 inch', 1, 89900, ''),
                       (\(tenant), 'o-1005', 1, 'SKU-KB-2', 'Mechanical keyboard', 1, 15900, ''),
                       (\(tenant), 'o-1006', 1, 'SKU-TV-65', 'Television 65 inch', 1, 249900, '')
                ON CONFLICT DO NOTHING
                """)
            try await session.query("""
                INSERT INTO connector_demo.payments (tenant_id, payment_id, order_id, method, amount_minor, state)
                VALUES (\(tenant), 'pay-1001', 'o-1001', 'card', 12999, \(constant: P.captured)),
                       (\(tenant), 'pay-1002', 'o-1002', 'paypal', 4599, \(constant: P.captured)),
                       (\(tenant), 'pay-1003', 'o-1003', 'card', 2999, \(constant: P.disputed)),
                       (\(tenant), 'pay-1004', 'o-1004', 'card', 89900, \(constant: P.captured)),
                       (\(tenant), 'pay-1005', 'o-1005', 'sepa_debit', 15900, \(constant: P.captured)),
                       (\(tenant), 'pay-1006', 'o-1006', 'card', 249900, \(constant: P.captured))
                ON CONFLICT DO NOTHING
                """)
            try await session.query("""
                INSERT INTO connector_demo.refunds (tenant_id, refund_id, payment_id, order_id, amount_minor, reason, created_at)
                VALUES (\(tenant), 'RF-SEED-1004', 'pay-1004', 'o-1004', 10000, 'goodwill', now() - interval '15 days')
                ON CONFLICT DO NOTHING
                """)
            try await session.query("""
                INSERT INTO connector_demo.tickets (tenant_id, ticket_id, customer_id, subject, state, channel, created_at)
                VALUES (\(tenant), 'T-2001', 'c-ada', 'Headphones arrived damaged', \(constant: T.open), \(constant: Channel.chat),
                        now() - interval '2 days'),
                       (\(tenant), 'T-1990', 'c-ben', 'Where is my parcel?', \(constant: T.closed), \(constant: Channel.email),
                        now() - interval '50 days'),
                       (\(tenant), 'T-2002', 'c-chloe', 'Laptop fan is loud', \(constant: T.open), \(constant: Channel.email),
                        now() - interval '10 days'),
                       (\(tenant), 'T-2003', 'c-chloe', 'Invoice for the laptop', \(constant: T.open), \(constant: Channel.voice),
                        now() - interval '4 days')
                ON CONFLICT DO NOTHING
                """)
            return customers.affectedRows
        }
    }
}
