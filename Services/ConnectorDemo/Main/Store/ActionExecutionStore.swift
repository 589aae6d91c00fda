import ConnectorDemoCore
import Foundation
import Store
import Wire

/// `connector_demo.action_executions` and the rows actions write (refunds,
/// cancellations, replacements, credits): ExecuteAction at most once per
/// (tenant, idempotency key).
struct ActionExecutionStore: Sendable {
    let pool: PostgresPool

    private typealias E = StoredExecutionState
    private typealias O = StoredOrderState

    /// What `execute` did.
    enum Outcome: Sendable {
        /// This call executed the action (or had it rejected) and stored the response.
        case executed(ConnectorV1.ExecuteActionResponse)
        /// The key had been used for the same request: its stored response.
        case replayed(ConnectorV1.ExecuteActionResponse)
        /// The key had been used for another request; `part` names what differs.
        case conflict(part: String)
    }

    /// Executes `request` unless its key was used before, in one transaction:
    /// the key's row is claimed first (a concurrent call with the key waits on
    /// the primary key until this transaction ends, then finds the committed
    /// row and replays it), then the customer and order are read and locked,
    /// `decide` gives the verdict, its rows are written and the response is
    /// stored with the key. Throws ``ConnectorDemoStoreError`` (nothing stored)
    /// for an unknown customer or order.
    func execute(_ request: ConnectorV1.ExecuteActionRequest, action: CommonV1.RequestedAction,
                 fingerprint: RequestFingerprint,
                 decide: @Sendable (_ order: OrderSnapshot?, _ customerCurrency: String) -> ActionVerdict) async throws -> Outcome {
        let tenant = request.tenantID
        let key = request.idempotencyKey
        return try await pool.transaction { session in
            let claimed = try await session.query("""
                INSERT INTO connector_demo.action_executions (tenant_id, idempotency_key, fingerprint, state, customer_id)
                VALUES (\(tenant), \(key), \(fingerprint.text), \(constant: E.executing), \(request.customerID))
                ON CONFLICT DO NOTHING
                RETURNING executed_at
                """)
            guard let claim = claimed.first else {
                return try await Self.earlier(session, tenant: tenant, key: key, fingerprint: fingerprint)
            }
            let executed = try claim.decode(Date.self, "executed_at")
            let customer = try await session.query("""
                SELECT currency FROM connector_demo.customers WHERE tenant_id = \(tenant) AND customer_id = \(request.customerID)
                """)
            guard let currency = try customer.first?.decode(String.self, "currency") else {
                throw ConnectorDemoStoreError(.customerNotFound, "customer_id: no customer \(request.customerID)")
            }
            var order: OrderSnapshot?
            if let orderID = ActionRules.orderID(of: action) {
                order = try await OrderStore.lockedSnapshot(session, tenant: tenant, customer: request.customerID, order: orderID)
                if order == nil {
                    throw ConnectorDemoStoreError(.orderNotFound, "order_id: no order \(orderID) for customer \(request.customerID)")
                }
            }
            let verdict = decide(order, currency)
            var response = ConnectorV1.ExecuteActionResponse.with {
                $0.outputs = verdict.outputs
                $0.executeTime = GoogleProtobuf.Timestamp(date: executed)
            }
            let state: E
            switch verdict {
            case .failed(let reason):
                (state, response.state, response.reason) = (.failed, .failed, reason)
            case .rejected(let reason):
                (state, response.state, response.reason) = (.rejected, .rejected, reason)
            default:
                state = .succeeded
                response.state = .succeeded
                response.referenceID = try await Self.apply(verdict, session, request: request, action: action)
            }
            try await session.query("""
                UPDATE connector_demo.action_executions SET state = \(constant: state), response = \(Data(response.serializedBytes()))
                WHERE tenant_id = \(tenant) AND idempotency_key = \(key)
                """)
            return .executed(response)
        }
    }

    /// The outcome of a key already used: a replay of the same request, or a conflict.
    private static func earlier(_ session: PostgresSession, tenant: String, key: String,
                                fingerprint: RequestFingerprint) async throws -> Outcome {
        let row = try await session.query("""
            SELECT fingerprint, response FROM connector_demo.action_executions
            WHERE tenant_id = \(tenant) AND idempotency_key = \(key)
            """)[0]
        if let part = fingerprint.conflict(with: RequestFingerprint(text: try row.decode(String.self, "fingerprint"))) {
            return .conflict(part: part)
        }
        var response = try ConnectorV1.ExecuteActionResponse(serializedBytes: [UInt8](try row.decode(Data.self, "response")))
        response.replayed = true
        return .replayed(response)
    }

    /// Writes what a successful verdict does; returns the reference id.
    private static func apply(_ verdict: ActionVerdict, _ session: PostgresSession, request: ConnectorV1.ExecuteActionRequest,
                              action: CommonV1.RequestedAction) async throws -> String {
        let tenant = request.tenantID
        let key = request.idempotencyKey
        switch verdict {
        case .refund(let order, _, let amount, _):
            let reason = if case .refund(let refund)? = action.kind { refund.reason } else { "" }
            return try await refund(session, tenant: tenant, order: order, amount: amount, reason: reason, key: key)
        case .cancel(let order, _, let amount):
            try await session.query("""
                UPDATE connector_demo.orders SET status = \(constant: O.cancelled) WHERE tenant_id = \(tenant) AND order_id = \(order)
                """)
            let reason = if case .cancelOrder(let cancel)? = action.kind { cancel.reason } else { "" }
            // The cancellation's reference is its refund's, or the order's when nothing was left to refund.
            guard amount > 0 else { return order }
            return try await refund(session, tenant: tenant, order: order, amount: amount, reason: "cancelled: \(reason)", key: key)
        case .replace(let order, let sku, let quantity):
            let id = reference("RP")
            try await session.query("""
                INSERT INTO connector_demo.replacements (tenant_id, replacement_id, order_id, sku, quantity, idempotency_key)
                VALUES (\(tenant), \(id), \(order), \(sku), \(Int32(quantity)), \(key))
                """)
            return id
        case .credit(let currency, let amount):
            let id = reference("CR")
            let reason = if case .accountCredit(let credit)? = action.kind { credit.reason } else { "" }
            try await session.query("""
                INSERT INTO connector_demo.credits (tenant_id, credit_id, customer_id, currency, amount_minor, reason, idempotency_key)
                VALUES (\(tenant), \(id), \(request.customerID), \(currency), \(amount), \(reason), \(key))
                """)
            return id
        case .failed, .rejected:
            return ""
        }
    }

    /// Records a refund against the order's payment; returns its id.
    private static func refund(_ session: PostgresSession, tenant: String, order: String, amount: Int64, reason: String,
                               key: String) async throws -> String {
        let id = reference("RF")
        let inserted = try await session.query("""
            INSERT INTO connector_demo.refunds (tenant_id, refund_id, payment_id, order_id, amount_minor, reason, idempotency_key)
            SELECT \(tenant), \(id), payment_id, order_id, \(amount), \(reason), \(key) FROM connector_demo.payments
            WHERE tenant_id = \(tenant) AND order_id = \(order)
            """)
        guard inserted.affectedRows == 1 else {
            throw PostgresError(.server, "connector_demo.payments: order \(order) has no payment to refund")
        }
        return id
    }

    /// A new reference such as "RF-3F2A9C1B7D4E": a prefix and 12 random hex digits.
    private static func reference(_ prefix: String) -> String {
        "\(prefix)-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)
    }
}
