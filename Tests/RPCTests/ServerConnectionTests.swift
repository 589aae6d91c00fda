import InteropService
import NIOCore
import RPC
import Testing
import Wire

/// The server protocol driven with bytes alone: a client-side nghttp2 session
/// talks to a ServerConnection in memory, no sockets.
@Suite("Server connection, bytes only")
struct ServerConnectionTests {
    /// A client session and a server connection joined in memory.
    final class Pair {
        let client: HTTP2Session
        let server: ServerConnection
        var actions: [ServerConnection.Action] = []
        var events: [HTTP2Event] = []

        init(maxReceiveMessageSize: Int = 1 << 20) throws {
            client = try HTTP2Session(role: .client)
            server = try ServerConnection(router: MethodRouter(services: [InteropServiceImpl()]),
                                          configuration: .init(maxReceiveMessageSize: maxReceiveMessageSize))
        }

        /// Moves bytes both ways until neither side has anything to send.
        func pump() throws {
            for _ in 0..<100 {
                var toServer = ByteBuffer()
                try client.flush(into: &toServer)
                if toServer.readableBytes > 0 { actions += try server.receive(toServer) }
                var toClient = ByteBuffer()
                try server.flush(into: &toClient)
                actions += server.takeActions()
                if toClient.readableBytes > 0 { events += try client.receive(toClient) }
                if toServer.readableBytes == 0 && toClient.readableBytes == 0 { return }
            }
            Issue.record("the two sides never went quiet")
        }

        func request(path: String, contentType: String = "application/grpc", method: String = "POST",
                     body: ByteBuffer? = nil, extra: [HeaderField] = []) throws -> Int32 {
            let headers = [HeaderField(name: ":method", value: method), HeaderField(name: ":scheme", value: "http"),
                           HeaderField(name: ":path", value: path), HeaderField(name: ":authority", value: "test"),
                           HeaderField(name: "content-type", value: contentType),
                           HeaderField(name: "te", value: "trailers")] + extra
            let id = try client.submitRequest(headers)
            if let body { try client.writeData(streamID: id, body) }
            try client.finish(streamID: id, trailers: nil)
            try pump()
            return id
        }

        /// The actions other than streams opening and closing.
        var callActions: [ServerConnection.Action] {
            actions.filter {
                switch $0 {
                case .streamOpened, .streamClosed: false
                default: true
                }
            }
        }

        /// Streams opening ("+id") and closing ("-id"), in order.
        var streamLifecycle: [String] {
            actions.compactMap {
                switch $0 {
                case .streamOpened(let id): "+\(id)"
                case .streamClosed(let id): "-\(id)"
                default: nil
                }
            }
        }

        func headers(_ streamID: Int32) -> [[HeaderField]] {
            events.compactMap {
                if case .headers(streamID, _, let fields, _) = $0 { fields } else { nil }
            }
        }

        func body(_ streamID: Int32) -> ByteBuffer {
            var all = ByteBuffer()
            for case .data(streamID, var chunk) in events { all.writeBuffer(&chunk) }
            return all
        }
    }

    static func framed<M: ProtoMessage>(_ message: M, compressed: Bool = false) -> ByteBuffer {
        var buffer = ByteBuffer()
        MessageFraming.write(message, to: &buffer)
        if compressed { buffer.setInteger(UInt8(1), at: buffer.readerIndex) }
        return buffer
    }

    let unaryPath = "/baton.interop.v1.Interop/Unary"

    @Test("a unary request starts its handler with the message; the response ends with grpc-status 0")
    func unaryRoundTrip() throws {
        let pair = try Pair()
        let request = InteropV1.EchoRequest.with { $0.text = "hello" }
        let id = try pair.request(path: unaryPath, body: Self.framed(request),
                                  extra: [HeaderField(name: "x-custom", value: "42"),
                                          HeaderField(name: "grpc-timeout", value: "250m")])
        guard case .start(id, let method, let head, let message?)? = pair.callActions.first else {
            Issue.record("no start action: \(pair.actions)")
            return
        }
        #expect(method.descriptor.path == unaryPath)
        #expect(head.metadata["x-custom"] == "42")
        #expect(head.timeout == .milliseconds(250))
        #expect(pair.streamLifecycle == ["+\(id)"], "open until the response is out")
        #expect(try InteropV1.EchoRequest(serializedBytes: Array(message.readableBytesView)) == request)

        pair.server.sendMessage(streamID: id, framed: Self.framed(InteropV1.EchoResponse.with { $0.text = "hi" }))
        pair.server.sendStatus(streamID: id, nil)
        try pair.pump()
        let blocks = pair.headers(id)
        #expect(blocks.count == 2)
        #expect(blocks.first?.first(":status") == "200")
        #expect(blocks.first?.first("content-type") == "application/grpc")
        #expect(blocks.last?.first("grpc-status") == "0")
        var body = pair.body(id)
        #expect(body.readInteger(as: UInt8.self) == 0)
        let length = body.readInteger(as: UInt32.self)
        #expect(Int(length ?? 0) == body.readableBytes)
        #expect(pair.streamLifecycle == ["+\(id)", "-\(id)"], "closed once the trailers went out")
    }

    @Test("an unknown method is answered trailers-only with UNIMPLEMENTED, and no handler starts")
    func unknownMethod() throws {
        let pair = try Pair()
        let id = try pair.request(path: "/baton.interop.v1.Interop/Nope", body: Self.framed(InteropV1.EchoRequest()))
        #expect(pair.callActions.isEmpty)
        #expect(pair.streamLifecycle == ["+\(id)", "-\(id)"])
        let blocks = pair.headers(id)
        #expect(blocks.count == 1)
        #expect(blocks.first?.first("grpc-status") == "12")
        #expect(blocks.first?.first("grpc-message")?.contains("method not found") == true)
        let service = try pair.request(path: "/no.Such/Unary", body: Self.framed(InteropV1.EchoRequest()))
        #expect(pair.headers(service).first?.first("grpc-message")?.contains("unknown service") == true)
    }

    @Test("a wrong content type gets HTTP 415")
    func wrongContentType() throws {
        let pair = try Pair()
        let id = try pair.request(path: unaryPath, contentType: "text/plain")
        #expect(pair.callActions.isEmpty)
        #expect(pair.streamLifecycle == ["+\(id)", "-\(id)"])
        #expect(pair.headers(id).first?.first(":status") == "415")
    }

    @Test("a Connect request on a stream starts the call with the JSON codec, and its response is Connect's")
    func connectOnHTTP2() throws {
        let pair = try Pair()
        let id = try pair.request(path: unaryPath, contentType: "application/json", body: ByteBuffer(string: "{\"text\":\"hi\"}"))
        guard case .start(let streamID, _, let head, let request) = try #require(pair.callActions.first) else {
            Issue.record("no start: \(pair.callActions)")
            return
        }
        #expect(streamID == id)
        #expect(head.codec == .json)
        #expect(request.map { String(buffer: $0) } == "{\"text\":\"hi\"}")
        pair.server.sendStatus(streamID: id, RPCError(.notFound, "gone"))
        try pair.pump()
        #expect(pair.headers(id).first?.first(":status") == "404")
        #expect(pair.headers(id).first?.first("content-type") == "application/json")
        #expect(pair.streamLifecycle == ["+\(id)", "-\(id)"])
    }

    @Test("GET / answers 200 with the server's name")
    func plainRoute() throws {
        let pair = try Pair()
        let id = try pair.request(path: "/", contentType: "text/plain", method: "GET")
        #expect(pair.headers(id).first?.first(":status") == "200")
        #expect(String(buffer: pair.body(id)).hasPrefix("baton "))
    }

    @Test("a message over the size limit ends the call with RESOURCE_EXHAUSTED")
    func oversize() throws {
        let pair = try Pair(maxReceiveMessageSize: 1000)
        let big = InteropV1.EchoRequest.with { $0.payload = [UInt8](repeating: 1, count: 5000) }
        let id = try pair.request(path: unaryPath, body: Self.framed(big))
        #expect(pair.callActions.isEmpty)
        #expect(pair.headers(id).last?.first("grpc-status") == "8")
    }

    @Test("a compressed message without grpc-encoding is INTERNAL; an unknown encoding UNIMPLEMENTED")
    func compression() throws {
        let pair = try Pair()
        let id = try pair.request(path: unaryPath, body: Self.framed(InteropV1.EchoRequest(), compressed: true))
        #expect(pair.headers(id).last?.first("grpc-status") == "13")
        let gzip = try pair.request(path: unaryPath, body: Self.framed(InteropV1.EchoRequest()),
                                    extra: [HeaderField(name: "grpc-encoding", value: "gzip")])
        #expect(pair.headers(gzip).last?.first("grpc-status") == "12")
        #expect(pair.headers(gzip).last?.first("grpc-accept-encoding") == "identity")
    }

    @Test("a client reset cancels a started call")
    func resetCancels() throws {
        let pair = try Pair()
        let headers = [HeaderField(name: ":method", value: "POST"), HeaderField(name: ":scheme", value: "http"),
                       HeaderField(name: ":path", value: "/baton.interop.v1.Interop/ClientStream"),
                       HeaderField(name: ":authority", value: "test"),
                       HeaderField(name: "content-type", value: "application/grpc")]
        let id = try pair.client.submitRequest(headers)
        try pair.client.writeData(streamID: id, Self.framed(InteropV1.EchoRequest.with { $0.text = "a" }))
        try pair.pump()
        #expect(pair.callActions.count == 2, "start and deliver: \(pair.actions)")
        try pair.client.resetStream(id, errorCode: 8)
        try pair.pump()
        #expect(pair.streamLifecycle == ["+\(id)", "-\(id)"])
        guard case .cancel(id)? = pair.callActions.last else {
            Issue.record("no cancel: \(pair.actions)")
            return
        }
    }

    @Test("bytes that are not HTTP/2 are a connection error, not a crash")
    func garbage() throws {
        let server = try ServerConnection(router: MethodRouter(services: []), configuration: .init())
        var junk = ByteBuffer()
        junk.writeString("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(throws: HTTP2Session.Failure.self) { try server.receive(junk) }
    }
}
