import Foundation
import PlannerConnector
import RPC
import Wire

/// The tenants' connectors as `ConnectorDirectory` configures them, behind
/// the planner's `ConnectorGateway`: each call goes through the tenant's
/// `ConnectorClient` (deadlines, retries, circuit breaker).
struct DirectoryConnectorGateway: ConnectorGateway {
    let directory: ConnectorDirectory

    func name(tenant: String) -> String {
        directory.endpoint(for: tenant) ?? ""
    }

    func customer(tenant: String, customerID: String) async throws -> CommonV1.CustomerProfile {
        try await directory.client(for: tenant).lookupCustomer(.with {
            $0.tenantID = tenant
            $0.customerID = customerID
        }).customer ?? .init()
    }

    func order(tenant: String, customerID: String, orderID: String) async throws -> ConnectorOrder {
        let order = try await directory.client(for: tenant).lookupOrder(.with {
            $0.tenantID = tenant
            $0.customerID = customerID
            $0.orderID = orderID
        }).order ?? .init()
        return ConnectorOrder(id: order.orderID, status: Self.statusName(order.status), totalMinor: order.total?.amountMinor ?? 0,
                              currency: order.total?.currencyCode ?? "", deliveredAt: order.deliveredTime?.date,
                              warrantyUntil: order.warrantyEndTime?.date)
    }

    func openTickets(tenant: String, customerID: String) async throws -> [ConnectorTicket] {
        try await directory.client(for: tenant).listOpenTickets(.with {
            $0.tenantID = tenant
            $0.customerID = customerID
        }).tickets.map {
            ConnectorTicket(id: $0.ticketID, subject: $0.subject, status: $0.status,
                            openedAt: $0.createTime?.date ?? Date())
        }
    }

    func execute(tenant: String, customerID: String, conversationID: String, key: String, action: CommonV1.RequestedAction,
                 approvedAmount: CommonV1.Money?) async throws -> ConnectorExecution {
        let response = try await directory.client(for: tenant).executeAction(.with {
            $0.tenantID = tenant
            $0.customerID = customerID
            $0.conversationID = conversationID
            $0.idempotencyKey = key
            $0.action = action
            if let approvedAmount { $0.approvedAmount = approvedAmount }
        })
        return ConnectorExecution(succeeded: response.state == .succeeded, reference: response.referenceID,
                                  outputs: response.outputs, replayed: response.replayed, message: response.reason)
    }

    /// An order's status as policies read it: "placed", "shipped", "delivered", "cancelled", "returned".
    static func statusName(_ status: ConnectorV1.OrderStatus) -> String {
        switch status {
        case .placed: "placed"
        case .shipped: "shipped"
        case .delivered: "delivered"
        case .cancelled: "cancelled"
        case .returned: "returned"
        default: ""
        }
    }
}
