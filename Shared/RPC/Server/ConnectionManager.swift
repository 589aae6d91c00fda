/// Connection lifetime policy for a server connection, as a pure state
/// machine: each event returns the action to run. The channel handler owns
/// the timers and the session; this type only decides.
///
/// - Keepalive: a PING every `keepaliveInterval`; no ACK within
///   `keepaliveTimeout` closes the connection.
/// - Idle: no open stream for `maxIdleTime` starts a graceful close.
/// - Age: after `maxAge` a graceful close starts, so long-lived HTTP/2
///   connections do not pin a client to one replica; calls still running
///   after `maxAgeGrace` more are cut.
/// - Graceful close: GOAWAY with the maximum stream id and a PING; once the
///   PING returns (the client has seen the notice), GOAWAY with the last
///   stream id actually processed; when the last stream closes (a request
///   still arriving counts, though its call has not started), shut our side
///   and close once the peer closes its own (or `closeLinger` runs out).
public struct ConnectionManager: Sendable {
    /// The policy.
    public struct Configuration: Sendable, Hashable {
        /// How often to PING an otherwise silent peer; nil disables keepalive.
        public var keepaliveInterval: Duration?
        /// How long to wait for a PING's ACK.
        public var keepaliveTimeout: Duration
        /// Close a connection with no call for this long; nil keeps idle connections.
        public var maxIdleTime: Duration?
        /// Close a connection whose first bytes do not tell its HTTP version
        /// within this time (before the version is known no other timer runs).
        public var firstBytesTimeout: Duration
        /// Close a connection this old; nil lets connections live forever.
        public var maxAge: Duration?
        /// How long calls may run after the age limit started the close.
        public var maxAgeGrace: Duration
        /// How long to wait for the PING that confirms the shutdown notice.
        public var goAwayPingTimeout: Duration
        /// After the final GOAWAY and the last call, how long to keep reading
        /// while the peer closes its side, before closing regardless.
        public var closeLinger: Duration

        /// Creates a policy; the defaults suit replicas behind a Kubernetes Service.
        public init(keepaliveInterval: Duration? = .seconds(7200), keepaliveTimeout: Duration = .seconds(20),
                    maxIdleTime: Duration? = .seconds(1800), maxAge: Duration? = .seconds(600),
                    maxAgeGrace: Duration = .seconds(30), goAwayPingTimeout: Duration = .seconds(1),
                    closeLinger: Duration = .seconds(5), firstBytesTimeout: Duration = .seconds(10)) {
            self.keepaliveInterval = keepaliveInterval
            self.keepaliveTimeout = keepaliveTimeout
            self.maxIdleTime = maxIdleTime
            self.maxAge = maxAge
            self.maxAgeGrace = maxAgeGrace
            self.goAwayPingTimeout = goAwayPingTimeout
            self.closeLinger = closeLinger
            self.firstBytesTimeout = firstBytesTimeout
        }
    }

    /// What the handler must do.
    public enum Action: Equatable, Sendable {
        /// Nothing.
        case none
        /// Send a PING with this payload.
        case sendPing(UInt64)
        /// Send GOAWAY with the maximum stream id, then a PING with this payload.
        case sendShutdownNotice(pingPayload: UInt64)
        /// Send GOAWAY with the last processed stream id; then, if no stream
        /// is open, close as ``closeAfterPeer`` does (else the last stream's
        /// close brings that action).
        case sendFinalGoAway(thenClose: Bool)
        /// Close the connection now.
        case close
        /// Every stream has closed after the final GOAWAY: stop writing, and close
        /// once the peer does (or the linger time runs out). Requests already on
        /// the wire then meet an open socket, not a reset that could swallow the
        /// GOAWAY telling the peer they were never started.
        case closeAfterPeer
    }

    enum State: Equatable {
        case active
        /// Notice sent, waiting for the PING with this payload.
        case noticeSent(ping: UInt64)
        /// Final GOAWAY sent: closing when no stream is left.
        case draining
        case closed
    }

    /// The PING payloads we use, so the peer's own PINGs are not mistaken for ours.
    static let keepalivePayload: UInt64 = 0x6261_746f_6e6b_6131  // "batonka1"
    static let shutdownPayload: UInt64 = 0x6261_746f_6e67_6f61   // "batongoa"

    let configuration: Configuration
    private(set) var state = State.active
    private var openStreams = 0
    private var awaitingKeepaliveAck = false

    /// Creates the state for a new connection.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Whether the connection is closing (no new calls expected).
    public var isClosing: Bool { state != .active }

    // MARK: Events

    /// Whether a request stream is open.
    public var hasOpenStreams: Bool { openStreams > 0 }

    /// A request stream opened.
    public mutating func streamOpened() {
        openStreams += 1
    }

    /// A request stream closed.
    public mutating func streamClosed() -> Action {
        openStreams = max(0, openStreams - 1)
        if state == .draining && openStreams == 0 {
            state = .closed
            return .closeAfterPeer
        }
        return .none
    }

    /// The idle timer fired (it is set whenever the last stream closes).
    public mutating func idleTimerFired() -> Action {
        guard openStreams == 0 else { return .none }
        return beginGracefulClose()
    }

    /// The age limit was reached.
    public mutating func maxAgeReached() -> Action {
        beginGracefulClose()
    }

    /// The grace period after the age limit ran out.
    public mutating func maxAgeGraceExpired() -> Action {
        guard state != .closed else { return .none }
        state = .closed
        return .close
    }

    /// Asked to shut down (server stopping).
    public mutating func shutdownRequested() -> Action {
        beginGracefulClose()
    }

    /// The keepalive timer fired.
    public mutating func keepaliveTimerFired() -> Action {
        guard state == .active, !awaitingKeepaliveAck else { return .none }
        awaitingKeepaliveAck = true
        return .sendPing(Self.keepalivePayload)
    }

    /// The keepalive ACK did not come in time.
    public mutating func keepaliveTimeoutFired() -> Action {
        guard awaitingKeepaliveAck, state != .closed else { return .none }
        state = .closed
        return .close
    }

    /// The peer acknowledged a PING.
    public mutating func pingAcknowledged(_ payload: UInt64) -> Action {
        switch (payload, state) {
        case (Self.keepalivePayload, _):
            awaitingKeepaliveAck = false
            return .none
        case (Self.shutdownPayload, .noticeSent):
            return finalGoAway()
        default:
            return .none
        }
    }

    /// The PING after the shutdown notice did not come back in time.
    public mutating func goAwayPingTimeoutFired() -> Action {
        guard case .noticeSent = state else { return .none }
        return finalGoAway()
    }

    private mutating func beginGracefulClose() -> Action {
        guard state == .active else { return .none }
        state = .noticeSent(ping: Self.shutdownPayload)
        return .sendShutdownNotice(pingPayload: Self.shutdownPayload)
    }

    private mutating func finalGoAway() -> Action {
        guard openStreams > 0 else {
            state = .closed
            return .sendFinalGoAway(thenClose: true)
        }
        state = .draining
        return .sendFinalGoAway(thenClose: false)
    }
}
