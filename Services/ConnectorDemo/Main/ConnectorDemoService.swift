import API
import ConnectorDemoCore
import Logging
import RPC
import Store
import Wire

/// `baton.connector.v1.Connector` over the `connector_demo` schema. The
/// rules are ConnectorDemoCore's; this type validates, reads and writes
/// through the typed stores, and maps outcomes to statuses.
final class ConnectorDemoService: ConnectorV1.ConnectorService {
    let stores: ConnectorDemoStores
    let settings: ConnectorDemoSettings
    let logger: Logger

    init(pool: PostgresPool, settings: ConnectorDemoSettings, logger: Logger) {
        self.stores = ConnectorDemoStores(pool: pool)
        self.settings = settings
        self.logger = logger
    }

    func lookupCustomer(_ request: ConnectorV1.LookupCustomerRequest,
                        context: ServerContext) async throws -> ConnectorV1.LookupCustomerResponse {
        try await respond {
            try Self.checked { () throws(InvalidRequest) in try RequestValidator.validate(request) }
            guard let profile = try await stores.customers.profile(tenant: request.tenantID, customer: request.customerID) else {
                throw RPCError(.notFound, "customer_id: no customer \(request.customerID)")
            }
            return .with { $0.customer = profile }
        }
    }

    func lookupOrder(_ request: ConnectorV1.LookupOrderRequest, context: ServerContext) async throws -> ConnectorV1.LookupOrderResponse {
        try await respond {
            try Self.checked { () throws(InvalidRequest) in try RequestValidator.validate(request) }
            guard let order = try await stores.orders.order(tenant: request.tenantID, customer: request.customerID,
                                                            order: request.orderID) else {
                throw RPCError(.notFound, "order_id: no order \(request.orderID) for customer \(request.customerID)")
            }
            return .with { $0.order = order }
        }
    }

    func listOpenTickets(_ request: ConnectorV1.ListOpenTicketsRequest,
                         context: ServerContext) async throws -> ConnectorV1.ListOpenTicketsResponse {
        try await respond {
            try Self.checked { () throws(InvalidRequest) in try RequestValidator.validate(request) }
            guard try await stores.customers.exists(tenant: request.tenantID, customer: request.customerID) else {
                throw RPCError(.notFound, "customer_id: no customer \(request.customerID)")
            }
            let tickets = try await stores.tickets.open(tenant: request.tenantID, customer: request.customerID)
            return .with { $0.tickets = tickets }
        }
    }

    func executeAction(_ request: ConnectorV1.ExecuteActionRequest,
                       context: ServerContext) async throws -> ConnectorV1.ExecuteActionResponse {
        try await respond {
            let action = try Self.checked { () throws(InvalidRequest) in try RequestValidator.validate(request) }
            let approved = request.approvedAmount
            let outcome: ActionExecutionStore.Outcome
            do {
                outcome = try await stores.executions.execute(request, action: action, fingerprint: RequestFingerprint(request)) {
                    order, currency in
                    ActionRules.decide(action, approvedAmount: approved, order: order, customerCurrency: currency)
                }
            } catch let error as ConnectorDemoStoreError {
                throw RPCError(.notFound, error.message)
            }
            switch outcome {
            case .executed(let response):
                logger.info("action executed", metadata: ["tenant": "\(request.tenantID)", "key": "\(request.idempotencyKey)",
                                                          "state": "\(response.state)", "reference": "\(response.referenceID)"])
                return response
            case .replayed(let response):
                return response
            case .conflict(let part):
                throw RPCError(.failedPrecondition, "idempotency_key: \(request.idempotencyKey) was used for a different request "
                               + "(its \(part) differs); use a new key for a new action")
            }
        }
    }

    /// Runs `body`, then holds its answer (or error) for the configured
    /// response delay: the slow-connector fault.
    private func respond<Response: Sendable>(_ body: () async throws -> Response) async throws -> Response {
        let result: Result<Response, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        if settings.responseDelay > .zero { try? await Task.sleep(for: settings.responseDelay) }
        return try result.get()
    }

    /// `body`'s value, an ``InvalidRequest`` turned into INVALID_ARGUMENT naming the field.
    private static func checked<T>(_ body: () throws(InvalidRequest) -> T) throws(RPCError) -> T {
        do {
            return try body()
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
    }
}
