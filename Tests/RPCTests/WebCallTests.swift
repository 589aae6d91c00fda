import InteropService
import NIOCore
import RPC
import Testing
import Wire

/// Connect, gRPC-Web and CORS requests as scripts of events on the pure
/// per-request state: head, body pieces, end, then the handler's responses.
@Suite("Connect and gRPC-Web request state")
struct WebCallTests {
    static let router = MethodRouter(services: [InteropServiceImpl()])
    static let unaryPath = "/baton.interop.v1.Interop/Unary"
    static let streamPath = "/baton.interop.v1.Interop/ServerStream"
    static let clientStreamPath = "/baton.interop.v1.Interop/ClientStream"

    static func begin(_ path: String, contentType: String, method: String = "POST", extra: [HeaderField] = [],
                      configuration: ServerConnection.Configuration = .init(maxReceiveMessageSize: 1024))
        -> (WebCall, [WebCall.Action]) {
        WebCall.begin(WebRequestHead(method: method, path: path,
                                     headers: [HeaderField(name: "content-type", value: contentType)] + extra),
                      router: router, configuration: configuration)
    }

    static func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    static func frame(_ bytes: [UInt8], flags: UInt8 = 0) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(flags)
        buffer.writeInteger(UInt32(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }

    /// The request a `.start` carries, or nil.
    static func started(_ actions: [WebCall.Action]) -> (ServerConnection.RequestHead, ByteBuffer?)? {
        guard actions.count == 1, case .start(_, let head, let request) = actions[0] else { return nil }
        return (head, request)
    }

    /// The parts of a `.respond`, or nil.
    static func response(_ actions: [WebCall.Action]) -> (parts: [WebCall.ResponsePart], cancel: Bool)? {
        guard let last = actions.last, case .respond(let parts, let cancel) = last else { return nil }
        return (parts, cancel)
    }

    static func head(_ parts: [WebCall.ResponsePart]) -> (status: Int, headers: [HeaderField])? {
        guard case .head(let status, let headers) = parts.first else { return nil }
        return (status, headers)
    }

    static func body(_ parts: [WebCall.ResponsePart]) -> [UInt8] {
        parts.flatMap { part -> [UInt8] in
            if case .body(let bytes) = part { return Array(bytes.readableBytesView) }
            return []
        }
    }

    // MARK: Connect unary

    @Test func connectUnaryJSONStartsAtTheEndWithTheWholeBodyAndAnswersWithTheBareMessage() throws {
        var (call, actions) = Self.begin(Self.unaryPath, contentType: "application/json; charset=utf-8")
        #expect(actions.isEmpty)
        #expect(call.receive(Self.buffer("{\"text\":")).isEmpty)
        #expect(call.receive(Self.buffer("\"hi\"}")).isEmpty)
        let (head, request) = try #require(Self.started(call.receiveEnd()))
        #expect(head.codec == .json)
        #expect(head.method.method == "Unary")
        #expect(request.map { String(buffer: $0) } == "{\"text\":\"hi\"}")
        #expect(call.send(framed: Self.frame(Array("{\"text\":\"hi\"}".utf8)), initialMetadata: ["x-one": "1"]).isEmpty)
        let parts = call.finish(nil, metadata: ResponseMetadataSnapshot(trailing: ["x-two": "2"]))
        let (status, headers) = try #require(Self.head(parts))
        #expect(status == 200)
        #expect(headers.first("content-type") == "application/json")
        #expect(headers.first("content-length") == "13")
        #expect(headers.first("x-one") == "1")
        #expect(headers.first("trailer-x-two") == "2")
        #expect(Self.body(parts) == Array("{\"text\":\"hi\"}".utf8))
        #expect(parts.last == .end)
        #expect(call.isFinished)
    }

    @Test func connectUnaryErrorsAreJSONWithTheHTTPStatusOfTheCode() throws {
        for (code, httpStatus, name) in [(StatusCode.notFound, 404, "not_found"), (.invalidArgument, 400, "invalid_argument"),
                                         (.cancelled, 499, "canceled"), (.deadlineExceeded, 504, "deadline_exceeded"),
                                         (.unauthenticated, 401, "unauthenticated"), (.unimplemented, 501, "unimplemented"),
                                         (.resourceExhausted, 429, "resource_exhausted"), (.internal, 500, "internal")] {
            var (call, _) = Self.begin(Self.unaryPath, contentType: "application/proto")
            _ = call.receiveEnd()
            let parts = call.finish(RPCError(code, "why \"quoted\""), metadata: ResponseMetadataSnapshot())
            let (status, headers) = try #require(Self.head(parts))
            #expect(status == httpStatus)
            #expect(headers.first("content-type") == "application/json")
            #expect(String(decoding: Self.body(parts), as: UTF8.self)
                == "{\"code\":\"\(name)\",\"message\":\"why \\\"quoted\\\"\"}")
        }
    }

    @Test func connectTimeoutMsSetsTheDeadlineAndABadOneIsInvalidArgument() throws {
        var (call, _) = Self.begin(Self.unaryPath, contentType: "application/json",
                                   extra: [HeaderField(name: "connect-timeout-ms", value: "1500")])
        let (head, _) = try #require(Self.started(call.receiveEnd()))
        #expect(head.timeout == .milliseconds(1500))
        for bad in ["", "-5", "0", "1.5", "12345678901", "ten"] {
            let (rejected, actions) = Self.begin(Self.unaryPath, contentType: "application/json",
                                                 extra: [HeaderField(name: "connect-timeout-ms", value: bad)])
            let (parts, cancel) = try #require(Self.response(actions), "\(bad)")
            #expect(!cancel)
            #expect(Self.head(parts)?.status == 400)
            #expect(String(decoding: Self.body(parts), as: UTF8.self).contains("connect-timeout-ms"))
            #expect(rejected.isFinished)
        }
    }

    @Test func anOversizeConnectBodyIsResourceExhaustedAndTheRestIsDropped() throws {
        var (call, _) = Self.begin(Self.unaryPath, contentType: "application/json")
        #expect(call.receive(ByteBuffer(repeating: 0x20, count: 1000)).isEmpty)
        let (parts, cancel) = try #require(Self.response(call.receive(ByteBuffer(repeating: 0x20, count: 100))))
        #expect(!cancel)
        #expect(Self.head(parts)?.status == 429)
        #expect(call.receive(ByteBuffer(repeating: 0x20, count: 100)).isEmpty)
        #expect(call.receiveEnd().isEmpty)
    }

    @Test func requestMetadataLeavesOutTransportHeaders() throws {
        var (call, _) = Self.begin(Self.unaryPath, contentType: "application/json", extra: [
            HeaderField(name: "connect-protocol-version", value: "1"), HeaderField(name: "host", value: "h"),
            HeaderField(name: "x-tenant", value: "t1"), HeaderField(name: "accept-encoding", value: "gzip")])
        let (head, _) = try #require(Self.started(call.receiveEnd()))
        #expect(head.metadata.map(\.name) == ["x-tenant"])
        #expect(head.authority == "h")
    }

    @Test func unknownMethodsCompressionAndMismatchedStreamTypesAreRefused() throws {
        let (_, unknown) = Self.begin("/baton.interop.v1.Interop/Nope", contentType: "application/json")
        #expect(Self.response(unknown).flatMap { Self.head($0.parts) }?.status == 501)
        let (_, gzip) = Self.begin(Self.unaryPath, contentType: "application/json",
                                   extra: [HeaderField(name: "content-encoding", value: "gzip")])
        #expect(Self.response(gzip).flatMap { Self.head($0.parts) }?.status == 501)
        let (_, unaryForStream) = Self.begin(Self.streamPath, contentType: "application/json")
        #expect(Self.response(unaryForStream).flatMap { Self.head($0.parts) }?.status == 415)
        let (_, plain) = Self.begin(Self.unaryPath, contentType: "text/plain")
        #expect(Self.response(plain).flatMap { Self.head($0.parts) }?.status == 415)
        let (_, get) = Self.begin(Self.unaryPath, contentType: "application/json", method: "GET")
        #expect(Self.response(get).flatMap { Self.head($0.parts) }?.status == 405)
    }

    // MARK: Connect streaming

    @Test func connectStreamingSendsEnvelopesThenTheEndOfStreamMessage() throws {
        var (call, actions) = Self.begin(Self.streamPath, contentType: "application/connect+json")
        #expect(actions.isEmpty)
        var body = Self.frame(Array("{\"responseCount\":2}".utf8))
        let first = body.readSlice(length: 7)!
        #expect(call.receive(first).isEmpty)
        #expect(call.receive(body).isEmpty)
        let (head, request) = try #require(Self.started(call.receiveEnd()))
        #expect(head.codec == .json)
        #expect(request.map { String(buffer: $0) } == "{\"responseCount\":2}")
        let message = Self.frame(Array("{}".utf8))
        let sent = call.send(framed: message, initialMetadata: ["x-echo-a": "1"])
        let (status, headers) = try #require(Self.head(sent))
        #expect(status == 200)
        #expect(headers.first("content-type") == "application/connect+json")
        #expect(headers.first("x-echo-a") == "1")
        #expect(Self.body(sent) == Array(message.readableBytesView))
        #expect(call.send(framed: message, initialMetadata: [:]) == [.body(message)])
        let end = call.finish(RPCError(.notFound, "gone"), metadata: ResponseMetadataSnapshot(trailing: ["x-trail-b": "2"]))
        let json = "{\"error\":{\"code\":\"not_found\",\"message\":\"gone\"},\"metadata\":{\"x-trail-b\":[\"2\"]}}"
        #expect(Self.body(end) == Array(Self.frame(Array(json.utf8), flags: 2).readableBytesView))
        #expect(end.last == .end)
    }

    @Test func anOKStreamWithNothingSentStillSendsHeadersAndAnEmptyEndOfStream() throws {
        var (call, _) = Self.begin(Self.streamPath, contentType: "application/connect+proto")
        _ = call.receive(Self.frame([]))
        #expect(Self.started(call.receiveEnd()) != nil)
        let parts = call.finish(nil, metadata: ResponseMetadataSnapshot())
        #expect(Self.head(parts)?.status == 200)
        #expect(Self.body(parts) == Array(Self.frame(Array("{}".utf8), flags: 2).readableBytesView))
    }

    @Test func clientStreamingStartsAtTheHeadAndDeliversEachEnvelope() throws {
        var (call, actions) = Self.begin(Self.clientStreamPath, contentType: "application/connect+proto")
        #expect(Self.started(actions)?.1 == nil)
        var two = Self.frame([0x0A, 0x01, 0x61])
        two.writeImmutableBuffer(Self.frame([0x0A, 0x01, 0x62]))
        let delivered = call.receive(two)
        #expect(delivered.count == 2)
        guard case .requestsEnded = try #require(call.receiveEnd().first) else {
            Issue.record("no requestsEnded")
            return
        }
    }

    // MARK: gRPC-Web

    @Test func grpcWebSendsTheStatusInATrailerFrame() throws {
        var (call, _) = Self.begin(Self.unaryPath, contentType: "application/grpc-web+proto")
        _ = call.receive(Self.frame([0x0A, 0x01, 0x61]))
        #expect(Self.started(call.receiveEnd())?.0.codec == .proto)
        let message = Self.frame([0x0A, 0x01, 0x61])
        let sent = call.send(framed: message, initialMetadata: [:])
        #expect(Self.head(sent)?.headers.first("content-type") == "application/grpc-web+proto")
        let end = call.finish(RPCError(.notFound, "no 100%"), metadata: ResponseMetadataSnapshot(trailing: ["x-t": "v"]))
        let trailers = "grpc-status: 5\r\ngrpc-message: no 100%25\r\nx-t: v\r\n"
        #expect(Self.body(end) == Array(Self.frame(Array(trailers.utf8), flags: 0x80).readableBytesView))
        #expect(end.last == .end)
    }

    @Test func grpcWebTextDecodesBase64CutAnywhereAndAnswersInBase64() throws {
        var (call, _) = Self.begin(Self.unaryPath, contentType: "application/grpc-web-text")
        // One frame encoded in two padded chunks (as a client encoding message by message may send),
        // delivered in pieces that cut quanta in two.
        let whole = Array(Self.frame([0x0A, 0x02, 0x68, 0x69]).readableBytesView)
        var text: [UInt8] = []
        JSONBase64.encode(Array(whole[..<4]), into: &text)
        JSONBase64.encode(Array(whole[4...]), into: &text)
        for piece in stride(from: 0, to: text.count, by: 3) {
            #expect(call.receive(ByteBuffer(bytes: text[piece..<min(piece + 3, text.count)])).isEmpty)
        }
        let (_, request) = try #require(Self.started(call.receiveEnd()))
        #expect(request.map { Array($0.readableBytesView) } == [0x0A, 0x02, 0x68, 0x69])
        let end = call.finish(nil, metadata: ResponseMetadataSnapshot())
        #expect(Self.head(end)?.headers.first("content-type") == "application/grpc-web-text+proto")
        var expected: [UInt8] = []
        JSONBase64.encode(Array(Self.frame(Array("grpc-status: 0\r\n".utf8), flags: 0x80).readableBytesView), into: &expected)
        #expect(Self.body(end) == expected)
    }

    @Test func grpcWebFramesWithBadLengthsGetTheirStatus() throws {
        // The body ends inside the frame its length announced.
        var (short, _) = Self.begin(Self.unaryPath, contentType: "application/grpc-web+proto")
        var truncated = ByteBuffer()
        truncated.writeInteger(UInt8(0))
        truncated.writeInteger(UInt32(10))
        truncated.writeBytes([0x0A, 0x01])
        #expect(short.receive(truncated).isEmpty)
        let (parts, cancel) = try #require(Self.response(short.receiveEnd()))
        #expect(!cancel)
        #expect(String(decoding: Self.body(parts), as: UTF8.self).contains("grpc-status: 13\r\n"))
        // A length over the limit is refused before the message arrives.
        var (large, _) = Self.begin(Self.unaryPath, contentType: "application/grpc-web+proto")
        var over = ByteBuffer()
        over.writeInteger(UInt8(0))
        over.writeInteger(UInt32(1 << 20))
        let (overParts, _) = try #require(Self.response(large.receive(over)))
        #expect(String(decoding: Self.body(overParts), as: UTF8.self).contains("grpc-status: 8\r\n"))
        // Text that is not base64.
        var (notBase64, _) = Self.begin(Self.unaryPath, contentType: "application/grpc-web-text")
        let (textParts, _) = try #require(Self.response(notBase64.receive(Self.buffer("AAA*"))))
        let decoded = try #require(Self.body(textParts).withUnsafeBytes { JSONBase64.decode($0) })
        #expect(String(decoding: decoded, as: UTF8.self).contains("grpc-status: 3\r\n"))
    }

    @Test func aBadFrameOnAStartedClientStreamCancelsTheHandler() throws {
        var (call, _) = Self.begin(Self.clientStreamPath, contentType: "application/grpc-web+proto")
        #expect(call.isRunning)
        var compressed = Self.frame([0x0A, 0x01, 0x61])
        compressed.setInteger(UInt8(1), at: compressed.readerIndex)
        let (_, cancel) = try #require(Self.response(call.receive(compressed)))
        #expect(cancel)
        #expect(call.finish(nil, metadata: ResponseMetadataSnapshot()).isEmpty)
    }

    // MARK: CORS

    @Test func preflightsGrantAllowedOriginsOnly() throws {
        let configuration = ServerConnection.Configuration(cors: CORSPolicy(allowedOrigins: ["https://a.example"]))
        let request = [HeaderField(name: "access-control-request-method", value: "POST"),
                       HeaderField(name: "access-control-request-headers", value: "content-type,x-grpc-web")]
        let (_, allowed) = Self.begin(Self.unaryPath, contentType: "", method: "OPTIONS",
                                      extra: request + [HeaderField(name: "origin", value: "https://a.example")],
                                      configuration: configuration)
        let (status, headers) = try #require(Self.response(allowed).flatMap { Self.head($0.parts) })
        #expect(status == 204)
        #expect(headers.first("access-control-allow-origin") == "https://a.example")
        #expect(headers.first("access-control-allow-headers") == "content-type,x-grpc-web")
        let (_, denied) = Self.begin(Self.unaryPath, contentType: "", method: "OPTIONS",
                                     extra: request + [HeaderField(name: "origin", value: "https://b.example")],
                                     configuration: configuration)
        let deniedHead = try #require(Self.response(denied).flatMap { Self.head($0.parts) })
        #expect(deniedHead.status == 403)
        #expect(deniedHead.headers.first("access-control-allow-origin") == nil)
    }

    @Test func responsesToAllowedOriginsExposeTheStatusHeaders() throws {
        let configuration = ServerConnection.Configuration(cors: CORSPolicy(allowedOrigins: ["*"]))
        var (call, _) = Self.begin(Self.streamPath, contentType: "application/grpc-web+proto",
                                   extra: [HeaderField(name: "origin", value: "https://c.example")],
                                   configuration: configuration)
        _ = call.receive(Self.frame([]))
        _ = call.receiveEnd()
        let (_, headers) = try #require(Self.head(call.finish(nil, metadata: ResponseMetadataSnapshot())))
        #expect(headers.first("access-control-allow-origin") == "https://c.example")
        #expect(headers.first("access-control-expose-headers")?.contains("grpc-status") == true)
    }

    // MARK: Choosing the HTTP version

    @Test func theHTTP2PrefaceChoosesHTTP2AndAnythingElseHTTP1() {
        let preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
        #expect(HTTPVersionSniffer.classify(Self.buffer(preface + "\0\0")) == .http2)
        #expect(HTTPVersionSniffer.classify(Self.buffer(String(preface.prefix(10)))) == .undecided)
        #expect(HTTPVersionSniffer.classify(Self.buffer("")) == .undecided)
        #expect(HTTPVersionSniffer.classify(Self.buffer("POST /a HTTP/1.1\r\n")) == .http1)
        #expect(HTTPVersionSniffer.classify(Self.buffer("PRX")) == .http1)
    }
}
