public import PlannerCore
public import RPC

/// How ``ConnectorClient`` calls a connector: deadlines per attempt, how
/// many attempts, the pause between them, and when the breaker opens.
public struct ConnectorCallPolicy: Sendable {
    /// Deadline of one LookupCustomer, LookupOrder or ListOpenTickets attempt.
    public var lookupTimeout: Duration
    /// Deadline of one ExecuteAction attempt.
    public var executeTimeout: Duration
    /// Attempts per call, the first included (1 = no retry).
    public var maxAttempts: Int
    /// Pause before the n-th retry: `backoff.delay(afterFailures: n)`.
    public var backoff: Backoff
    /// The circuit breaker of the endpoint.
    public var breaker: CircuitBreaker.Configuration

    /// A policy; the defaults give a look-up 3 attempts of 1 s and an action 3 attempts of 3 s, 50 ms then 100 ms apart
    /// (±20 %), and open the breaker after 5 failed attempts in a row for 5 s.
    public init(lookupTimeout: Duration = .seconds(1), executeTimeout: Duration = .seconds(3), maxAttempts: Int = 3,
                backoff: Backoff = Backoff(initial: .milliseconds(50), multiplier: 2, maximum: .seconds(1), jitter: 0.2),
                breaker: CircuitBreaker.Configuration = .init()) {
        self.lookupTimeout = lookupTimeout
        self.executeTimeout = executeTimeout
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.breaker = breaker
    }

    /// Whether a failed attempt of a look-up (free of side effects) is tried
    /// again: on every status that can pass by itself.
    static func retriesLookup(after code: StatusCode) -> Bool {
        [.unavailable, .deadlineExceeded, .resourceExhausted, .aborted, .internal, .unknown].contains(code)
    }

    /// Whether a failed ExecuteAction attempt is tried again (with the same
    /// idempotency key, so the connector replays a result it already has):
    /// only when the connector may not have answered.
    static func retriesAction(after code: StatusCode) -> Bool {
        code == .unavailable || code == .deadlineExceeded
    }

    /// Whether a status counts against the connector in its breaker: it did
    /// not answer, or failed in itself. Answers about the request (NOT_FOUND,
    /// INVALID_ARGUMENT, FAILED_PRECONDITION, ...) are successes.
    static func isConnectorFailure(_ code: StatusCode) -> Bool {
        [.unavailable, .deadlineExceeded, .resourceExhausted, .internal, .unknown, .unimplemented].contains(code)
    }
}
