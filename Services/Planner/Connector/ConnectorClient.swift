import API
public import Logging
public import PlannerCore
public import RPC
import Synchronization
public import Wire

/// The planner's client of one connector endpoint (`baton.connector.v1.Connector`):
/// every attempt has its own deadline; look-ups are retried on any
/// transient status, ExecuteAction (idempotent by its key) only on
/// UNAVAILABLE and DEADLINE_EXCEEDED, with backoff between attempts; and a
/// circuit breaker (PlannerCore's ``CircuitBreaker``) stops calling an
/// endpoint that keeps failing: its calls then fail at once with UNAVAILABLE
/// naming the connector, without going out.
///
/// The channel should not retry by itself (`maxAttempts: 1`, as
/// ``ConnectorDirectory`` makes them), or attempts multiply.
public final class ConnectorClient: Sendable {
    /// The connector's name in errors and logs, such as "127.0.0.1:7001".
    public let name: String
    /// How calls are made.
    public let policy: ConnectorCallPolicy
    let client: ConnectorV1.ConnectorClient
    let breaker: Mutex<CircuitBreaker>
    let logger: Logger

    /// A client of the connector behind `channel`.
    public init(name: String, channel: RPCChannel, policy: ConnectorCallPolicy = .init(),
                logger: Logger = Logger(label: "baton-planner.connector")) {
        self.name = name
        self.policy = policy
        self.client = ConnectorV1.ConnectorClient(channel: channel)
        self.breaker = Mutex(CircuitBreaker(configuration: policy.breaker))
        self.logger = logger
    }

    /// The breaker's state now.
    public var breakerState: CircuitBreaker.State {
        breaker.withLock { $0.state }
    }

    /// The customer's profile (NOT_FOUND when the tenant has no such customer).
    public func lookupCustomer(_ request: ConnectorV1.LookupCustomerRequest) async throws -> ConnectorV1.LookupCustomerResponse {
        try await call("LookupCustomer", timeout: policy.lookupTimeout, retries: ConnectorCallPolicy.retriesLookup) { options in
            try await self.client.lookupCustomer(request, options: options)
        }
    }

    /// The customer's order (NOT_FOUND when there is none).
    public func lookupOrder(_ request: ConnectorV1.LookupOrderRequest) async throws -> ConnectorV1.LookupOrderResponse {
        try await call("LookupOrder", timeout: policy.lookupTimeout, retries: ConnectorCallPolicy.retriesLookup) { options in
            try await self.client.lookupOrder(request, options: options)
        }
    }

    /// The customer's open tickets.
    public func listOpenTickets(_ request: ConnectorV1.ListOpenTicketsRequest) async throws -> ConnectorV1.ListOpenTicketsResponse {
        try await call("ListOpenTickets", timeout: policy.lookupTimeout, retries: ConnectorCallPolicy.retriesLookup) { options in
            try await self.client.listOpenTickets(request, options: options)
        }
    }

    /// Executes an action; every attempt carries the request's idempotency
    /// key, so a retry after a lost answer gets the first result back
    /// (`replayed`) instead of executing again.
    public func executeAction(_ request: ConnectorV1.ExecuteActionRequest) async throws -> ConnectorV1.ExecuteActionResponse {
        try await call("ExecuteAction", timeout: policy.executeTimeout, retries: ConnectorCallPolicy.retriesAction) { options in
            try await self.client.executeAction(request, options: options)
        }
    }

    /// Runs `attempt` until it succeeds, fails with a status `retries` does
    /// not retry, runs out of attempts, or the breaker refuses the next one.
    private func call<Response: Sendable>(
        _ method: String, timeout: Duration, retries: (StatusCode) -> Bool,
        _ attempt: @Sendable (CallOptions) async throws -> Response
    ) async throws -> Response {
        var failures = 0
        while true {
            let admission = breaker.withLock { $0.admit(now: .now) }
            if case .rejected(let retryAfter) = admission {
                throw RPCError(.unavailable, "connector \(name) is failing (circuit breaker open"
                               + (retryAfter > .zero ? ", next probe in \(retryAfter.components.seconds * 1000 + retryAfter.components.attoseconds / 1_000_000_000_000_000) ms"
                                  : ", a probe is in flight")
                               + "): \(method) was not sent")
            }
            if admission == .probe { logger.info("connector probe", metadata: ["connector": "\(name)", "method": "\(method)"]) }
            do {
                let response = try await attempt(CallOptions(timeout: timeout))
                record(.success)
                return response
            } catch let error as RPCError {
                record(ConnectorCallPolicy.isConnectorFailure(error.code) ? .failure : .success)
                failures += 1
                guard retries(error.code), failures < policy.maxAttempts, !Task.isCancelled else {
                    throw failures > 1 ? RPCError(error.code, "\(error.message) (connector \(name), \(failures) attempts)",
                                                  metadata: error.metadata) : error
                }
                try await Task.sleep(for: policy.backoff.delay(afterFailures: failures))
            }
        }
    }

    private func record(_ outcome: CircuitBreaker.Outcome) {
        let transition = breaker.withLock { $0.record(outcome, now: .now) }
        switch transition {
        case .opened?: logger.warning("connector circuit opened", metadata: ["connector": "\(name)"])
        case .closed?: logger.info("connector circuit closed", metadata: ["connector": "\(name)"])
        case nil: break
        }
    }
}
