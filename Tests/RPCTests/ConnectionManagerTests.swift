import RPC
import Testing

/// The connection lifetime policy as scripts of events and the actions they produce.
@Suite("Connection manager")
struct ConnectionManagerTests {
    let config = ConnectionManager.Configuration(keepaliveInterval: .seconds(10), keepaliveTimeout: .seconds(1),
                                                 maxIdleTime: .seconds(5), maxAge: .seconds(60),
                                                 maxAgeGrace: .seconds(3))

    @Test("keepalive: a PING, and no ACK in time closes")
    func keepaliveTimeout() {
        var manager = ConnectionManager(configuration: config)
        guard case .sendPing = manager.keepaliveTimerFired() else { Issue.record("no ping"); return }
        #expect(manager.keepaliveTimerFired() == .none, "a second ping while one is outstanding")
        #expect(manager.keepaliveTimeoutFired() == .close)
    }

    @Test("keepalive: an ACK in time keeps the connection")
    func keepaliveAcknowledged() {
        var manager = ConnectionManager(configuration: config)
        guard case .sendPing(let payload) = manager.keepaliveTimerFired() else { Issue.record("no ping"); return }
        #expect(manager.pingAcknowledged(payload) == .none)
        #expect(manager.keepaliveTimeoutFired() == .none)
        #expect(!manager.isClosing)
    }

    @Test("idle: with no stream open the connection closes gracefully; with one it stays")
    func idle() {
        var manager = ConnectionManager(configuration: config)
        manager.streamOpened()
        #expect(manager.idleTimerFired() == .none)
        #expect(manager.streamClosed() == .none)
        guard case .sendShutdownNotice(let payload) = manager.idleTimerFired() else { Issue.record("no notice"); return }
        #expect(manager.pingAcknowledged(payload) == .sendFinalGoAway(thenClose: true))
    }

    @Test("max age: notice, final GOAWAY after the PING, close when the last stream closes")
    func maxAgeDrainsStreams() {
        var manager = ConnectionManager(configuration: config)
        manager.streamOpened()
        manager.streamOpened()
        guard case .sendShutdownNotice(let payload) = manager.maxAgeReached() else { Issue.record("no notice"); return }
        #expect(manager.isClosing)
        #expect(manager.maxAgeReached() == .none, "a second notice")
        // A request whose HEADERS came before the notice's PING ACK, its call not started yet.
        manager.streamOpened()
        #expect(manager.pingAcknowledged(payload) == .sendFinalGoAway(thenClose: false))
        #expect(manager.streamClosed() == .none)
        #expect(manager.streamClosed() == .none, "the request still arriving is open")
        #expect(manager.streamClosed() == .closeAfterPeer)
    }

    @Test("max age: the grace period cuts calls still running")
    func maxAgeGrace() {
        var manager = ConnectionManager(configuration: config)
        manager.streamOpened()
        _ = manager.maxAgeReached()
        #expect(manager.goAwayPingTimeoutFired() == .sendFinalGoAway(thenClose: false), "the PING never came back")
        #expect(manager.maxAgeGraceExpired() == .close)
        #expect(manager.maxAgeGraceExpired() == .none)
    }

    @Test("a PING the peer started is not taken for ours")
    func foreignPing() {
        var manager = ConnectionManager(configuration: config)
        _ = manager.shutdownRequested()
        #expect(manager.pingAcknowledged(42) == .none)
    }
}
