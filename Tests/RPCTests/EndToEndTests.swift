import InteropService
import NIOCore
import NIOPosix
import RPC
import Synchronization
import Testing
import Wire

/// Server and client over real sockets on loopback.
@Suite("RPC over sockets")
struct EndToEndTests {
    /// A small test service: counts calls, fails on request, reports its deadline.
    final class Probe: RPCService {
        static let count = MethodDescriptor(service: "test.Probe", method: "Count", kind: .unary, idempotent: true)
        static let countUnsafe = MethodDescriptor(service: "test.Probe", method: "CountUnsafe", kind: .unary)
        static let flakyIdempotent = MethodDescriptor(service: "test.Probe", method: "Flaky", kind: .unary, idempotent: true)
        static let flakyUnsafe = MethodDescriptor(service: "test.Probe", method: "FlakyUnsafe", kind: .unary)
        static let deadline = MethodDescriptor(service: "test.Probe", method: "Deadline", kind: .unary)
        static let authorization = MethodDescriptor(service: "test.Probe", method: "Authorization", kind: .unary)

        let calls = Atomic<Int>(0)
        let failuresLeft = Atomic<Int>(0)

        var methods: [ServerMethod] {
            let flaky: @Sendable (InteropV1.EchoRequest, ServerContext) async throws -> InteropV1.EchoResponse = { _, _ in
                self.calls.add(1, ordering: .relaxed)
                if self.failuresLeft.subtract(1, ordering: .relaxed).newValue >= 0 {
                    throw RPCError(.unavailable, "try again")
                }
                return .with { $0.text = "ok" }
            }
            return [
                .unary(Self.count) { (_: InteropV1.EchoRequest, _) in
                    InteropV1.EchoResponse.with { $0.index = Int32(self.calls.add(1, ordering: .relaxed).newValue) }
                },
                .unary(Self.countUnsafe) { (_: InteropV1.EchoRequest, _) in
                    InteropV1.EchoResponse.with { $0.index = Int32(self.calls.add(1, ordering: .relaxed).newValue) }
                },
                .unary(Self.flakyIdempotent, flaky),
                .unary(Self.flakyUnsafe, flaky),
                .unary(Self.authorization) { (_: InteropV1.EchoRequest, context) in
                    InteropV1.EchoResponse.with { $0.text = context.metadata["authorization"] ?? "(none)" }
                },
                .unary(Self.deadline) { (_: InteropV1.EchoRequest, context) in
                    let left = context.remainingTime.map { Int32($0 / .milliseconds(1)) } ?? -1
                    return InteropV1.EchoResponse.with { $0.index = left }
                },
            ]
        }
    }

    /// Forwards to another server with no timeout of its own: the deadline must carry over
    /// (less 4 s through `Reserving`).
    struct Relay: RPCService {
        static let relay = MethodDescriptor(service: "test.Relay", method: "Relay", kind: .unary)
        static let reserving = MethodDescriptor(service: "test.Relay", method: "Reserving", kind: .unary)
        let next: RPCChannel

        var methods: [ServerMethod] {
            [.unary(Self.relay) { (request: InteropV1.EchoRequest, _) -> InteropV1.EchoResponse in
                try await next.unary(Probe.deadline, request).message
            },
             .unary(Self.reserving) { (request: InteropV1.EchoRequest, _) -> InteropV1.EchoResponse in
                try await ServerContext.reserving(.seconds(4)) { try await next.unary(Probe.deadline, request).message }
            }]
        }
    }

    static func server(_ services: [any RPCService], management: ConnectionManager.Configuration = .init(),
                       port: Int = 0) async throws -> (RPCServer, Int) {
        let server = RPCServer(configuration: .init(host: "127.0.0.1", port: port, management: management),
                               services: services)
        let address = try await server.start()
        return (server, address.port!)
    }

    static let fastBackoff = RPCChannel.Configuration(backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(100)))

    @Test("the remaining deadline is passed on to the next service")
    func deadlinePropagates() async throws {
        let (inner, innerPort) = try await Self.server([Probe()])
        let innerChannel = RPCChannel(host: "127.0.0.1", port: innerPort)
        let (outer, outerPort) = try await Self.server([Relay(next: innerChannel)])
        let channel = RPCChannel(host: "127.0.0.1", port: outerPort)
        defer { channel.close(); innerChannel.close() }
        let response: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(
            Relay.relay, InteropV1.EchoRequest(), options: .init(timeout: .seconds(10)))
        // The inner server saw a deadline, shorter than ours (ample: connecting on a busy host takes a while).
        #expect(response.message.index > 0 && response.message.index < 10_000, "inner deadline \(response.message.index) ms")
        // Inside `ServerContext.reserving`, the outgoing call ends 4 s before the caller's deadline.
        let reserved: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(
            Relay.reserving, InteropV1.EchoRequest(), options: .init(timeout: .seconds(10)))
        #expect(reserved.message.index > 0 && reserved.message.index <= 6_000, "reserved inner deadline \(reserved.message.index) ms")
        await outer.shutdown(grace: .seconds(1))
        await inner.shutdown(grace: .seconds(1))
    }

    @Test("a channel's metadata goes with every call, unless the call sets the same name itself")
    func channelMetadata() async throws {
        let (server, port) = try await Self.server([Probe()])
        let channel = RPCChannel(host: "127.0.0.1", port: port, configuration: .init(metadata: ["authorization": "Bearer channel"]))
        defer { channel.close() }
        let plain: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(Probe.authorization, InteropV1.EchoRequest())
        #expect(plain.message.text == "Bearer channel")
        let own: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(
            Probe.authorization, InteropV1.EchoRequest(), options: .init(metadata: ["authorization": "Bearer call"]))
        #expect(own.message.text == "Bearer call")
        let bare = RPCChannel(host: "127.0.0.1", port: port)
        defer { bare.close() }
        let none: ClientResponse<InteropV1.EchoResponse> = try await bare.unary(Probe.authorization, InteropV1.EchoRequest())
        #expect(none.message.text == "(none)")
        await server.shutdown(grace: .seconds(1))
    }

    @Test("idempotent calls are retried on UNAVAILABLE; others are not")
    func retries() async throws {
        let probe = Probe()
        let (server, port) = try await Self.server([probe])
        let channel = RPCChannel(host: "127.0.0.1", port: port)
        defer { channel.close() }
        probe.failuresLeft.store(1, ordering: .relaxed)
        let response: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(Probe.flakyIdempotent, InteropV1.EchoRequest())
        #expect(response.message.text == "ok")
        #expect(probe.calls.load(ordering: .relaxed) == 2)

        probe.failuresLeft.store(1, ordering: .relaxed)
        await #expect(throws: RPCError.self) {
            let _: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(Probe.flakyUnsafe, InteropV1.EchoRequest())
        }
        #expect(probe.calls.load(ordering: .relaxed) == 3, "a non-idempotent call was retried")
        await server.shutdown(grace: .seconds(1))
    }

    @Test("calls spread round-robin over every address")
    func roundRobin() async throws {
        let a = Probe(), b = Probe()
        let (serverA, portA) = try await Self.server([a])
        let (serverB, portB) = try await Self.server([b])
        let channel = RPCChannel(target: .addresses([try SocketAddress(ipAddress: "127.0.0.1", port: portA),
                                                     try SocketAddress(ipAddress: "127.0.0.1", port: portB)]))
        defer { channel.close() }
        for _ in 0..<20 {
            let _: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(Probe.count, InteropV1.EchoRequest())
        }
        let (countA, countB) = (a.calls.load(ordering: .relaxed), b.calls.load(ordering: .relaxed))
        #expect(countA + countB == 20)
        #expect(countA >= 5 && countB >= 5, "a \(countA), b \(countB)")
        await serverA.shutdown(grace: .seconds(1))
        await serverB.shutdown(grace: .seconds(1))
    }

    @Test("a server that reports NOT_SERVING gets no new calls until it serves again")
    func healthChecksEject() async throws {
        let a = Probe(), b = Probe()
        let (serverA, portA) = try await Self.server([a])
        let (serverB, portB) = try await Self.server([b])
        let (healthA, healthB) = (serverA.health, serverB.health)
        let channel = RPCChannel(target: .addresses([try SocketAddress(ipAddress: "127.0.0.1", port: portA),
                                                     try SocketAddress(ipAddress: "127.0.0.1", port: portB)]),
                                 configuration: .init(healthCheckInterval: .milliseconds(50)))
        defer { channel.close() }
        func call() async throws {
            let _: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(Probe.count, InteropV1.EchoRequest())
        }
        // Both connect and take calls.
        for _ in 0..<10 { try await call() }
        #expect(a.calls.load(ordering: .relaxed) > 0 && b.calls.load(ordering: .relaxed) > 0)
        healthA.setStatus(.notServing)
        // Wait (bounded) until a whole round of calls avoids A, then check that the next 20 all do.
        let deadline = ContinuousClock.now + .seconds(10)
        var avoided = false
        while !avoided && ContinuousClock.now < deadline {
            let before = a.calls.load(ordering: .relaxed)
            for _ in 0..<4 { try await call() }
            avoided = a.calls.load(ordering: .relaxed) == before
        }
        #expect(avoided, "calls still reach the server that is not serving")
        let before = (a.calls.load(ordering: .relaxed), b.calls.load(ordering: .relaxed))
        for _ in 0..<20 { try await call() }
        #expect(a.calls.load(ordering: .relaxed) == before.0)
        #expect(b.calls.load(ordering: .relaxed) == before.1 + 20)
        // Back to serving: calls spread again.
        healthA.setStatus(.serving)
        var returned = false
        while !returned && ContinuousClock.now < deadline + .seconds(10) {
            let before = a.calls.load(ordering: .relaxed)
            for _ in 0..<4 { try await call() }
            returned = a.calls.load(ordering: .relaxed) > before
        }
        #expect(returned, "the server that serves again gets no calls")
        // When every server fails its check, calls still go somewhere rather than all failing.
        healthA.setStatus(.notServing)
        healthB.setStatus(.notServing)
        // Calls go on for several check rounds, and every one must succeed.
        let fleetDown = ContinuousClock.now
        while ContinuousClock.now - fleetDown < .milliseconds(300) { try await call() }
        await serverA.shutdown(grace: .seconds(1))
        await serverB.shutdown(grace: .seconds(1))
    }

    @Test("max connection age: the server rotates connections and no call fails, even a non-idempotent one")
    func maxAge() async throws {
        let probe = Probe()
        let (server, port) = try await Self.server(
            [probe], management: .init(maxAge: .milliseconds(150), maxAgeGrace: .seconds(5)))
        let channel = RPCChannel(host: "127.0.0.1", port: port, configuration: Self.fastBackoff)
        defer { channel.close() }
        // Four callers go on until the server has rotated the connection at least
        // three times (on a busy host that can take longer than 4 x 150 ms). A call
        // racing a GOAWAY is never started by the server, so the channel retries it
        // transparently: none may fail, and none may run twice.
        let started = ContinuousClock.now
        let calls = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var calls = 0
                    while server.connectionsAccepted < 4 && ContinuousClock.now - started < .seconds(20) {
                        let _: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(
                            Probe.countUnsafe, InteropV1.EchoRequest())
                        calls += 1
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    return calls
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(probe.calls.load(ordering: .relaxed) == calls)
        #expect(server.connectionsAccepted >= 4, "only \(server.connectionsAccepted) connections after \(calls) calls")
        await server.shutdown(grace: .seconds(1))
    }

    @Test("graceful shutdown lets a call in flight finish, then refuses new ones")
    func gracefulShutdown() async throws {
        let (server, port) = try await Self.server([InteropServiceImpl()])
        let channel = RPCChannel(host: "127.0.0.1", port: port, configuration: Self.fastBackoff)
        defer { channel.close() }
        let client = InteropV1.InteropClient(channel: channel)
        // Connect first, so that the slow call is on the wire before the shutdown starts.
        _ = try await client.unary(InteropV1.EchoRequest())
        let inFlight = Task { try await client.unary(.with { $0.text = "slow"; $0.sleepMs = 500 }) }
        try await Task.sleep(for: .milliseconds(150))
        await server.shutdown(grace: .seconds(5))
        #expect(try await inFlight.value.text == "slow")
        await #expect(throws: RPCError.self) { _ = try await client.unary(InteropV1.EchoRequest()) }
    }

    @Test("a client reconnects after the server restarts on the same port")
    func reconnect() async throws {
        let (first, port) = try await Self.server([Probe()])
        let channel = RPCChannel(host: "127.0.0.1", port: port, configuration: Self.fastBackoff)
        defer { channel.close() }
        let _: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(Probe.count, InteropV1.EchoRequest())
        await first.shutdown(grace: .seconds(1))
        // The port can take a moment to be free again (sockets of the old server closing).
        var restarted: RPCServer?
        for _ in 0..<100 where restarted == nil {
            restarted = try? await Self.server([Probe()], port: port).0
            if restarted == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        let second = try #require(restarted, "could not listen on port \(port) again")
        var succeeded = false
        for _ in 0..<50 where !succeeded {
            do {
                let _: ClientResponse<InteropV1.EchoResponse> = try await channel.unary(Probe.count, InteropV1.EchoRequest())
                succeeded = true
            } catch {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(succeeded)
        await second.shutdown(grace: .seconds(1))
    }

    @Test("a peer that never answers PINGs is disconnected by keepalive")
    func keepaliveTimeout() async throws {
        let (server, port) = try await Self.server(
            [Probe()], management: .init(keepaliveInterval: .milliseconds(100), keepaliveTimeout: .milliseconds(100)))
        let elapsed = try await Self.silentPeerLifetime(port: port)
        // 200 ms on a quiet host; a loaded CI host can stretch the timers, not to 20 s.
        #expect(elapsed < .seconds(10), "the silent connection lived \(elapsed)")
        await server.shutdown(grace: .seconds(1))
    }

    @Test("an idle connection is closed after the idle limit")
    func idleTimeout() async throws {
        let (server, port) = try await Self.server([Probe()], management: .init(maxIdleTime: .milliseconds(150)))
        let elapsed = try await Self.silentPeerLifetime(port: port)
        // 150 ms + the 1 s wait for the notice's PING on a quiet host; never 20 s.
        #expect(elapsed < .seconds(10), "the idle connection lived \(elapsed)")
        await server.shutdown(grace: .seconds(1))
    }

    @Test("a peer that connects and sends nothing is disconnected")
    func firstBytesTimeout() async throws {
        let (server, port) = try await Self.server([Probe()], management: .init(firstBytesTimeout: .milliseconds(150)))
        let elapsed = try await Self.silentPeerLifetime(port: port, firstBytes: nil)
        // 150 ms on a quiet host; without the timer it would live until the test's own 20 s close.
        #expect(elapsed < .seconds(10), "the silent connection lived \(elapsed)")
        #expect(elapsed >= .milliseconds(140), "closed after \(elapsed), before the limit")
        await server.shutdown(grace: .seconds(1))
    }

    @Test("an HTTP/1.1 connection with no request for the idle limit is closed")
    func http1IdleTimeout() async throws {
        let (server, port) = try await Self.server([Probe()], management: .init(maxIdleTime: .milliseconds(150)))
        // One complete request (a Connect GET of no method: answered, the connection kept alive), then silence.
        let elapsed = try await Self.silentPeerLifetime(
            port: port, firstBytes: "GET /nothing/Here HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n")
        #expect(elapsed < .seconds(10), "the idle HTTP/1.1 connection lived \(elapsed)")
        // Kept alive after its answer until the idle limit, not closed with it.
        #expect(elapsed >= .milliseconds(140), "the connection closed after \(elapsed), before the idle limit")
        await server.shutdown(grace: .seconds(1))
    }

    /// Streams 64 KB responses as fast as the client lets it, counting them.
    final class Firehose: RPCService {
        static let stream = MethodDescriptor(service: "test.Firehose", method: "Stream", kind: .serverStreaming)
        let written = Atomic<Int>(0)

        var methods: [ServerMethod] {
            [.serverStreaming(Self.stream) { (_: InteropV1.EchoRequest, writer: ResponseWriter<InteropV1.EchoResponse>, _) in
                let chunk = InteropV1.EchoResponse.with { $0.payload = [UInt8](repeating: 1, count: 64 << 10) }
                for _ in 0..<2_000 {
                    try await writer.write(chunk)
                    self.written.add(1, ordering: .relaxed)
                }
            }]
        }
    }

    @Test("a client that stops reading slows the handler down instead of filling memory")
    func slowReader() async throws {
        let firehose = Firehose()
        let (server, port) = try await Self.server([firehose])
        // A real HTTP/2 client's bytes, sent on a socket we then never read from.
        let client = try HTTP2Session(role: .client)
        let id = try client.submitRequest([
            HeaderField(name: ":method", value: "POST"), HeaderField(name: ":scheme", value: "http"),
            HeaderField(name: ":path", value: Firehose.stream.path), HeaderField(name: ":authority", value: "test"),
            HeaderField(name: "content-type", value: "application/grpc"),
        ])
        var request = ByteBuffer()
        MessageFraming.write(InteropV1.EchoRequest(), to: &request)
        try client.writeData(streamID: id, request)
        try client.finish(streamID: id, trailers: nil)
        var bytes = ByteBuffer()
        try client.flush(into: &bytes)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(bytes)
        try await Task.sleep(for: .seconds(1))
        let written = firehose.written.load(ordering: .relaxed)
        // 2,000 x 64 KB is 128 MB; flow control and the write watermark hold it to a few MB.
        #expect(written > 0 && written < 100, "the handler wrote \(written) responses to a client that reads nothing")
        try await channel.close()
        await server.shutdown(grace: .seconds(1))
    }

    /// Opens a raw TCP connection, sends only the HTTP/2 preface and an empty
    /// SETTINGS frame, never answers anything, and returns how long the server
    /// kept it open (up to 5 s).
    /// How long the server keeps a connection on which the client sends
    /// `firstBytes` (by default the HTTP/2 preface and SETTINGS; nil: nothing) and then nothing.
    static func silentPeerLifetime(port: Int, firstBytes: String? = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") async throws -> Duration {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        let started = ContinuousClock.now
        // Timed on the event loop: a busy test host may resume this task late.
        let closedAt = channel.closeFuture.recover { _ in }.map { ContinuousClock.now }
        if let firstBytes {
            var bytes = ByteBuffer(string: firstBytes)
            // After the HTTP/2 preface, an empty SETTINGS frame.
            if firstBytes.hasPrefix("PRI * HTTP/2.0") { bytes.writeBytes([0, 0, 0, 4, 0, 0, 0, 0, 0]) }
            // On a busy machine the server may already have given up on us: that is a close too.
            try? await channel.writeAndFlush(bytes)
        }
        // Our own close, much later, means the server never closed it.
        let timeout = Task {
            try await Task.sleep(for: .seconds(20))
            try await channel.close()
        }
        let closed = try await closedAt.get()
        timeout.cancel()
        return closed - started
    }
}
