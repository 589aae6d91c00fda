import Foundation
import Wire

/// What the planner asks of a tenant's connector: look-ups for the policy's
/// context, and actions with an idempotency key. Failures are thrown as
/// `RPCError`s (UNAVAILABLE when the connector's circuit is open,
/// DEADLINE_EXCEEDED when it is slow, NOT_FOUND for an unknown record).
protocol ConnectorGateway: Sendable {
    /// The connector's name for plan steps, such as "demo".
    func name(tenant: String) -> String
    /// The customer's profile.
    func customer(tenant: String, customerID: String) async throws -> CommonV1.CustomerProfile
    /// One of the customer's orders.
    func order(tenant: String, customerID: String, orderID: String) async throws -> ConnectorOrder
    /// The customer's open tickets.
    func openTickets(tenant: String, customerID: String) async throws -> [ConnectorTicket]
    /// Runs `action` once for `key`; a retry with the same key returns the first result.
    func execute(tenant: String, customerID: String, conversationID: String, key: String, action: CommonV1.RequestedAction,
                 approvedAmount: CommonV1.Money?) async throws -> ConnectorExecution
}

/// An order as a connector reports it.
struct ConnectorOrder: Sendable, Equatable {
    var id: String
    var status: String
    var totalMinor: Int64
    var currency: String
    var deliveredAt: Date?
    var warrantyUntil: Date?
}

/// An open ticket as a connector reports it.
struct ConnectorTicket: Sendable, Equatable {
    var id: String
    var subject: String
    var status: String
    var openedAt: Date
}

/// The result of an action.
struct ConnectorExecution: Sendable, Equatable {
    /// True when the action ran (now or on the first call with the key).
    var succeeded: Bool
    /// The connector's reference, such as a refund id.
    var reference: String
    /// What the connector reports, rendered as text.
    var outputs: [String: String]
    /// True when the key had been seen: the first result, not run again.
    var replayed: Bool
    /// Why it did not run, when it did not.
    var message: String
}
