/// A circuit breaker for one connector endpoint, as a pure state machine:
/// the caller asks ``admit(now:)`` before every attempt and tells
/// ``record(_:now:)`` how the attempt went; time is the caller's `now`.
///
/// - Closed: every call is admitted; `failureThreshold` failures in a row open it.
/// - Open: calls are refused without being tried (the caller fails fast)
///   until `openDuration` has passed.
/// - Half-open: up to `probes` calls are admitted as probes; a probe's success
///   closes the breaker, its failure opens it again for `openDuration`. A
///   probe that never reports (its task was dropped) stops holding its slot
///   after `openDuration`, so the breaker cannot stay half-open for ever.
///
/// Results reported while open (calls admitted before it opened) change nothing.
public struct CircuitBreaker: Hashable, Sendable {
    /// When the breaker opens and for how long.
    public struct Configuration: Hashable, Sendable {
        /// Failures in a row that open a closed breaker (at least 1).
        public var failureThreshold: Int
        /// How long an open breaker refuses calls before it admits a probe.
        public var openDuration: Duration
        /// Probes admitted at once while half-open (at least 1).
        public var probes: Int

        /// A configuration; the defaults open after 5 failures in a row for 5 s, one probe at a time.
        public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(5), probes: Int = 1) {
            self.failureThreshold = max(1, failureThreshold)
            self.openDuration = openDuration
            self.probes = max(1, probes)
        }
    }

    /// Where the breaker stands.
    public enum State: Hashable, Sendable {
        /// Calls flow; `failures` is the current run of failures.
        case closed(failures: Int)
        /// Calls are refused until `until`.
        case open(until: ContinuousClock.Instant)
        /// `inFlight` probes are out, the last admitted at `since`.
        case halfOpen(inFlight: Int, since: ContinuousClock.Instant)
    }

    /// The answer to ``admit(now:)``.
    public enum Admission: Hashable, Sendable {
        /// Call: the breaker is closed.
        case allowed
        /// Call: it is a probe of a half-open breaker; report its result.
        case probe
        /// Do not call. `retryAfter` is how long the breaker stays open (zero
        /// while half-open with every probe slot taken).
        case rejected(retryAfter: Duration)
    }

    /// How an attempt went, as far as the breaker is concerned.
    public enum Outcome: Hashable, Sendable {
        /// The endpoint answered (an application error such as NOT_FOUND is an answer).
        case success
        /// The endpoint did not answer usefully: unreachable, timed out, overloaded, internal error.
        case failure
    }

    /// A change of state, for logs and metrics.
    public enum Transition: Hashable, Sendable {
        /// Closed or half-open to open.
        case opened
        /// Half-open to closed.
        case closed
    }

    /// The configuration.
    public let configuration: Configuration
    /// The current state.
    public private(set) var state: State = .closed(failures: 0)

    /// A closed breaker.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Whether an attempt may go out now; a probe of a half-open breaker
    /// takes a slot until its result is recorded.
    public mutating func admit(now: ContinuousClock.Instant) -> Admission {
        switch state {
        case .closed:
            return .allowed
        case .open(let until):
            guard now >= until else { return .rejected(retryAfter: until - now) }
            state = .halfOpen(inFlight: 1, since: now)
            return .probe
        case .halfOpen(let inFlight, let since):
            if inFlight < configuration.probes {
                state = .halfOpen(inFlight: inFlight + 1, since: now)
                return .probe
            }
            // Every slot is taken; a probe silent for a whole open period is taken as lost.
            guard now >= since + configuration.openDuration else { return .rejected(retryAfter: .zero) }
            state = .halfOpen(inFlight: inFlight, since: now)
            return .probe
        }
    }

    /// Records an attempt's outcome; returns the transition it caused, if any.
    @discardableResult
    public mutating func record(_ outcome: Outcome, now: ContinuousClock.Instant) -> Transition? {
        switch (state, outcome) {
        case (.closed, .success):
            state = .closed(failures: 0)
            return nil
        case (.closed(let failures), .failure):
            guard failures + 1 >= configuration.failureThreshold else {
                state = .closed(failures: failures + 1)
                return nil
            }
            state = .open(until: now + configuration.openDuration)
            return .opened
        case (.open, _):
            return nil
        case (.halfOpen, .success):
            state = .closed(failures: 0)
            return .closed
        case (.halfOpen, .failure):
            state = .open(until: now + configuration.openDuration)
            return .opened
        }
    }
}
