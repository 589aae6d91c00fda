public import NIOCore

/// The gRPC server protocol for one HTTP/2 connection, driven with bytes alone.
///
/// ``receive(_:)`` takes bytes from the peer and returns what the owner must do
/// (start a handler, deliver a message, cancel a call); the `send*` methods
/// queue responses; ``flush(into:)`` writes the bytes to send. Validation of
/// requests (method, content type, path, framing, size, encoding) happens
/// here, and early errors are answered here with trailers-only responses, so
/// handlers only ever see well-formed calls.
///
/// Not Sendable: it belongs to the connection's event loop (or a test).
public final class ServerConnection {
    /// Limits and identity.
    public struct Configuration: Sendable {
        /// The largest request message accepted, bytes; larger ones end the call with RESOURCE_EXHAUSTED.
        public var maxReceiveMessageSize: Int
        /// Served on `GET /` with `version`.
        public var serverName: String
        /// Served on `GET /`.
        public var version: String
        /// Announced HTTP/2 settings.
        public var http2: HTTP2Settings
        /// Which browser origins may call (Connect and gRPC-Web from web pages).
        public var cors: CORSPolicy

        /// Creates a configuration.
        public init(maxReceiveMessageSize: Int = 4 << 20, serverName: String = "baton", version: String = "0.1.0",
                    http2: HTTP2Settings = .init(), cors: CORSPolicy = .init()) {
            self.maxReceiveMessageSize = maxReceiveMessageSize
            self.serverName = serverName
            self.version = version
            self.http2 = http2
            self.cors = cors
        }
    }

    /// A validated request's head.
    public struct RequestHead: Sendable {
        /// The method called.
        public var method: MethodDescriptor
        /// The request metadata (reserved headers removed).
        public var metadata: Metadata
        /// The `grpc-timeout`, if the client set one.
        public var timeout: Duration?
        /// `:authority`.
        public var authority: String?
        /// How the messages are encoded (JSON only for Connect's json codec).
        public var codec: MessageCodec = .proto
    }

    /// What the owner must do after ``receive(_:)``.
    public enum Action {
        /// Start the handler. For methods with a single request, `request` holds it.
        case start(streamID: Int32, method: ServerMethod, head: RequestHead, request: ByteBuffer?)
        /// A request message for a client-streaming call.
        case deliver(streamID: Int32, message: ByteBuffer)
        /// The client finished sending requests on a client-streaming call.
        case requestsEnded(streamID: Int32)
        /// The call is over from the client's side (reset or broken): cancel the handler.
        case cancel(streamID: Int32)
        /// A request stream opened (before any `start` on it).
        case streamOpened(streamID: Int32)
        /// A request stream closed, both ways: nothing more goes out on it.
        case streamClosed(streamID: Int32)
        /// The peer sent GOAWAY.
        case peerWentAway
        /// The peer acknowledged our PING.
        case pingAcknowledged(UInt64)
    }

    struct Stream {
        var method: ServerMethod?
        var head: RequestHead?
        var deframer: MessageDeframer
        var singleRequest: ByteBuffer?
        var started = false
        var headersSent = false
        var finished = false
        /// A Connect, gRPC-Web or CORS preflight request: its state is in `webCalls`.
        var isWeb = false
    }

    /// The HTTP/2 session underneath.
    public let session: HTTP2Session
    let configuration: Configuration
    let router: MethodRouter
    var streams: [Int32: Stream] = [:]
    /// The protocol state of web requests, apart so that gRPC streams stay small to copy.
    var webCalls: [Int32: WebCall] = [:]

    /// Creates the protocol state for a new connection.
    public init(router: MethodRouter, configuration: Configuration, allocator: ByteBufferAllocator = .init()) throws {
        self.router = router
        self.configuration = configuration
        self.session = try HTTP2Session(role: .server, settings: configuration.http2, allocator: allocator)
    }

    // MARK: Inbound

    /// Feeds bytes from the client. A thrown error means the connection must
    /// be flushed (nghttp2 may have queued GOAWAY) and closed.
    public func receive(_ bytes: ByteBuffer) throws -> [Action] {
        var actions: [Action] = []
        for event in try session.receive(bytes) {
            handle(event, into: &actions)
        }
        return actions
    }

    /// The actions of events produced while sending (streams that closed
    /// when our END_STREAM went out).
    public func takeActions() -> [Action] {
        var actions: [Action] = []
        for event in session.takeEvents() {
            handle(event, into: &actions)
        }
        return actions
    }

    private func handle(_ event: HTTP2Event, into actions: inout [Action]) {
        switch event {
        case .headers(let streamID, .request, let fields, let endStream):
            let opening = streams[streamID] == nil ? actions.count : nil
            requestHeaders(streamID, fields, endStream: endStream, into: &actions)
            if let opening, streams[streamID] != nil { actions.insert(.streamOpened(streamID: streamID), at: opening) }
        case .headers(let streamID, _, _, let endStream):
            // Trailers from a client carry nothing for gRPC; they end the request side.
            if endStream { requestsEnded(streamID, into: &actions) }
        case .data(let streamID, let bytes):
            data(streamID, bytes, into: &actions)
        case .endStream(let streamID):
            requestsEnded(streamID, into: &actions)
        case .streamClosed(let streamID, _):
            guard let stream = streams.removeValue(forKey: streamID) else { return }
            if stream.isWeb { webCalls[streamID] = nil }
            if stream.started && !stream.finished { actions.append(.cancel(streamID: streamID)) }
            actions.append(.streamClosed(streamID: streamID))
        case .goAway:
            actions.append(.peerWentAway)
        case .pingAcknowledged(let payload):
            actions.append(.pingAcknowledged(payload))
        case .settings:
            break
        }
    }

    private func requestHeaders(_ streamID: Int32, _ fields: [HeaderField], endStream: Bool, into actions: inout [Action]) {
        let method = fields.first(":method")
        let path = fields.first(":path") ?? ""
        if method == "OPTIONS" || (method == "POST" && Self.isWebRequest(contentType: fields.first("content-type"))) {
            webRequest(streamID, fields, endStream: endStream, into: &actions)
            return
        }
        if method == "GET" && path == "/" {
            plainResponse(streamID, status: "200", body: "\(configuration.serverName) \(configuration.version)\n")
            return
        }
        guard method == "POST" else {
            plainResponse(streamID, status: "405", body: "gRPC requires POST\n")
            return
        }
        guard let contentType = fields.first("content-type"), contentType.hasPrefix("application/grpc") else {
            // The gRPC spec asks for 415 so that plain HTTP clients see an HTTP error.
            streams[streamID] = Stream(deframer: MessageDeframer(maxMessageSize: 0), finished: true)
            respondEarly(streamID, httpStatus: "415", .invalidArgument,
                         "content-type must be application/grpc, not '\(fields.first("content-type") ?? "")'")
            return
        }
        var stream = Stream(deframer: MessageDeframer(maxMessageSize: configuration.maxReceiveMessageSize))
        guard let serverMethod = router.method(forPath: path) else {
            streams[streamID] = Stream(deframer: stream.deframer, finished: true)
            let service = path.split(separator: "/").first.map(String.init) ?? ""
            let message = router.hasService(service) ? "method not found: \(path)" : "unknown service: \(service)"
            respondEarly(streamID, httpStatus: "200", .unimplemented, message)
            return
        }
        if let encoding = fields.first("grpc-encoding"), encoding != "identity" {
            streams[streamID] = Stream(deframer: stream.deframer, finished: true)
            respondEarly(streamID, httpStatus: "200", .unimplemented,
                         "grpc-encoding '\(encoding)' is not supported; use identity",
                         extra: [HeaderField(name: "grpc-accept-encoding", value: "identity")])
            return
        }
        let head = RequestHead(method: serverMethod.descriptor, metadata: Metadata(headers: fields),
                               timeout: fields.first("grpc-timeout").flatMap(GRPCTimeout.parse),
                               authority: fields.first(":authority"))
        stream.method = serverMethod
        stream.head = head
        if serverMethod.descriptor.kind.clientStreams {
            stream.started = true
            streams[streamID] = stream
            actions.append(.start(streamID: streamID, method: serverMethod, head: head, request: nil))
            if endStream { requestsEnded(streamID, into: &actions) }
        } else {
            streams[streamID] = stream
            if endStream { requestsEnded(streamID, into: &actions) }
        }
    }

    private func data(_ streamID: Int32, _ bytes: ByteBuffer, into actions: inout [Action]) {
        guard var stream = streams[streamID], !stream.finished else { return }
        if stream.isWeb {
            run(webCalls[streamID]?.receive(bytes) ?? [], streamID, into: &actions)
            return
        }
        stream.deframer.append(bytes)
        while true {
            let message: ByteBuffer?
            do {
                message = try stream.deframer.next()
            } catch {
                streams[streamID] = stream
                failStream(streamID, error, into: &actions)
                return
            }
            guard let message else { break }
            if stream.method!.descriptor.kind.clientStreams {
                actions.append(.deliver(streamID: streamID, message: message))
            } else if stream.singleRequest == nil {
                stream.singleRequest = message
            } else {
                streams[streamID] = stream
                failStream(streamID, RPCError(.unimplemented, "more than one request message for a single-request method"),
                           into: &actions)
                return
            }
        }
        streams[streamID] = stream
    }

    private func requestsEnded(_ streamID: Int32, into actions: inout [Action]) {
        guard var stream = streams[streamID], !stream.finished else { return }
        if stream.isWeb {
            run(webCalls[streamID]?.receiveEnd() ?? [], streamID, into: &actions)
            return
        }
        guard let method = stream.method else { return }
        if stream.deframer.hasPartialFrame {
            failStream(streamID, RPCError(.internal, "request stream ended inside a message"), into: &actions)
            return
        }
        if method.descriptor.kind.clientStreams {
            actions.append(.requestsEnded(streamID: streamID))
            return
        }
        guard let request = stream.singleRequest else {
            failStream(streamID, RPCError(.unimplemented, "no request message for a single-request method"), into: &actions)
            return
        }
        stream.singleRequest = nil
        stream.started = true
        streams[streamID] = stream
        actions.append(.start(streamID: streamID, method: method, head: stream.head!, request: request))
    }

    private func failStream(_ streamID: Int32, _ error: any Error, into actions: inout [Action]) {
        let status: RPCError
        switch error {
        case MessageDeframer.Failure.messageTooLarge(let length, let limit):
            status = RPCError(.resourceExhausted, "request message of \(length) bytes is over the limit of \(limit)")
        case MessageDeframer.Failure.compressedWithoutEncoding:
            status = RPCError(.internal, "compressed message without grpc-encoding")
        case let error as RPCError:
            status = error
        default:
            status = RPCError(.internal, "\(error)")
        }
        let wasStarted = streams[streamID]?.started ?? false
        // No RST_STREAM here: nghttp2 could send it ahead of the status and the
        // client would see a reset instead of the code. The stream is finished,
        // so whatever the client still sends is dropped; gRPC clients reset it
        // themselves once they read the status.
        sendStatus(streamID: streamID, status)
        if wasStarted { actions.append(.cancel(streamID: streamID)) }
    }

    // MARK: Outbound

    private func plainResponse(_ streamID: Int32, status: String, body: String) {
        streams[streamID] = Stream(deframer: MessageDeframer(maxMessageSize: 0), finished: true)
        let headers = [HeaderField(name: ":status", value: status),
                       HeaderField(name: "content-type", value: "text/plain; charset=utf-8")]
        guard (try? session.submitResponse(streamID: streamID, headers: headers, endStream: false)) != nil else { return }
        var buffer = session.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        try? session.writeData(streamID: streamID, buffer)
        try? session.finish(streamID: streamID, trailers: nil)
    }

    private func respondEarly(_ streamID: Int32, httpStatus: String, _ code: StatusCode, _ message: String,
                              extra: [HeaderField] = []) {
        var headers = [HeaderField(name: ":status", value: httpStatus),
                       HeaderField(name: "content-type", value: "application/grpc"),
                       HeaderField(name: "grpc-status", value: String(code.rawValue)),
                       HeaderField(name: "grpc-message", value: PercentEncoding.encode(message))]
        headers += extra
        try? session.submitResponse(streamID: streamID, headers: headers, endStream: true)
    }

    /// Sends the response headers with `metadata`, if not sent yet.
    public func sendHeaders(streamID: Int32, metadata: Metadata) {
        guard var stream = streams[streamID], !stream.headersSent, !stream.finished else { return }
        var headers = [HeaderField(name: ":status", value: "200"),
                       HeaderField(name: "content-type", value: "application/grpc")]
        metadata.append(to: &headers)
        stream.headersSent = (try? session.submitResponse(streamID: streamID, headers: headers, endStream: false)) != nil
        streams[streamID] = stream
    }

    /// Queues one framed response message (headers go first if not sent).
    public func sendMessage(streamID: Int32, framed: ByteBuffer, metadata: Metadata = Metadata()) {
        guard let stream = streams[streamID], !stream.finished else { return }
        if stream.isWeb {
            write(webCalls[streamID]?.send(framed: framed, initialMetadata: metadata) ?? [], streamID: streamID)
            return
        }
        if !stream.headersSent { sendHeaders(streamID: streamID, metadata: metadata) }
        try? session.writeData(streamID: streamID, framed)
    }

    /// Ends the call with a status: in trailers after a body, or as a
    /// trailers-only response when nothing was sent.
    public func sendStatus(streamID: Int32, _ status: RPCError?, metadata: Metadata = Metadata(),
                           initialMetadata: Metadata = Metadata()) {
        guard var stream = streams[streamID], !stream.finished else { return }
        stream.finished = true
        streams[streamID] = stream
        if stream.isWeb {
            let snapshot = ResponseMetadataSnapshot(initial: initialMetadata, trailing: metadata)
            write(webCalls[streamID]?.finish(status, metadata: snapshot) ?? [], streamID: streamID)
            return
        }
        let code = status?.code ?? .ok
        var trailers: [HeaderField] = []
        if !stream.headersSent {
            trailers = [HeaderField(name: ":status", value: "200"),
                        HeaderField(name: "content-type", value: "application/grpc")]
        }
        trailers.append(HeaderField(name: "grpc-status", value: String(code.rawValue)))
        if let message = status?.message, !message.isEmpty {
            trailers.append(HeaderField(name: "grpc-message", value: PercentEncoding.encode(message)))
        }
        metadata.append(to: &trailers)
        status?.metadata.append(to: &trailers)
        if stream.headersSent {
            try? session.finish(streamID: streamID, trailers: trailers)
        } else {
            try? session.submitResponse(streamID: streamID, headers: trailers, endStream: true)
        }
    }

    /// Writes a Connect or gRPC-Web response's parts to the stream.
    private func write(_ parts: [WebCall.ResponsePart], streamID: Int32) {
        var index = 0
        while index < parts.count {
            switch parts[index] {
            case .head(let status, let headers):
                // A head followed at once by the end is a response without a body.
                let endsNow = index + 1 < parts.count && parts[index + 1] == .end
                let fields = [HeaderField(name: ":status", value: String(status))] + headers
                try? session.submitResponse(streamID: streamID, headers: fields, endStream: endsNow)
                if endsNow { index += 1 }
            case .body(let bytes):
                try? session.writeData(streamID: streamID, bytes)
            case .end:
                try? session.finish(streamID: streamID, trailers: nil)
            }
            index += 1
        }
    }

    // MARK: Connect and gRPC-Web

    /// Whether a POST is Connect or gRPC-Web; plain gRPC, the common case, is told apart without allocating.
    static func isWebRequest(contentType: String?) -> Bool {
        guard let contentType else { return false }
        if contentType.hasPrefix("application/grpc") && !contentType.hasPrefix("application/grpc-web") { return false }
        return WebProtocol(contentType: contentType) != nil
    }

    private func webRequest(_ streamID: Int32, _ fields: [HeaderField], endStream: Bool, into actions: inout [Action]) {
        var headers = fields.filter { !$0.name.hasPrefix(":") }
        if let authority = fields.first(":authority") { headers.append(HeaderField(name: "host", value: authority)) }
        let request = WebRequestHead(method: fields.first(":method") ?? "", path: fields.first(":path") ?? "", headers: headers)
        let (web, webActions) = WebCall.begin(request, router: router, configuration: configuration, allocator: session.allocator)
        streams[streamID] = Stream(deframer: MessageDeframer(maxMessageSize: 0), isWeb: true)
        webCalls[streamID] = web
        run(webActions, streamID, into: &actions)
        if endStream { requestsEnded(streamID, into: &actions) }
    }

    private func run(_ webActions: [WebCall.Action], _ streamID: Int32, into actions: inout [Action]) {
        for action in webActions {
            switch action {
            case .start(let method, let head, let request):
                streams[streamID]?.started = true
                actions.append(.start(streamID: streamID, method: method, head: head, request: request))
            case .deliver(let message):
                actions.append(.deliver(streamID: streamID, message: message))
            case .requestsEnded:
                actions.append(.requestsEnded(streamID: streamID))
            case .respond(let parts, let cancelHandler):
                streams[streamID]?.finished = true
                write(parts, streamID: streamID)
                if cancelHandler { actions.append(.cancel(streamID: streamID)) }
            }
        }
    }

    /// Bytes of a stream's response still waiting for flow-control window.
    public func queuedBytes(streamID: Int32) -> Int {
        session.queuedBytes(streamID: streamID)
    }

    /// Writes every frame ready to go to `buffer`.
    public func flush(into buffer: inout ByteBuffer) throws {
        try session.flush(into: &buffer)
    }
}
