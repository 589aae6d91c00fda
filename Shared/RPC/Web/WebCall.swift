public import NIOCore
import Wire

/// One Connect, gRPC-Web or CORS preflight request, driven with values alone:
/// the same state for an HTTP/2 stream and an HTTP/1.1 request.
///
/// ``begin(_:router:configuration:allocator:)`` reads the head and says
/// what to do; ``receive(_:)`` and ``receiveEnd()`` take the body;
/// ``send(framed:initialMetadata:)`` and ``finish(_:metadata:)`` turn the
/// handler's responses into HTTP response parts for the protocol. Every
/// request is validated here (content type, method, compression, timeout,
/// framing, size), so handlers only see well-formed calls, as with gRPC.
public struct WebCall {
    /// A piece of the HTTP response, in order: one head, bodies, one end.
    public enum ResponsePart: Hashable, Sendable {
        /// The status line and headers (lower-case names).
        case head(status: Int, headers: [HeaderField])
        /// Body bytes.
        case body(ByteBuffer)
        /// The response is complete.
        case end
    }

    /// What the owner must do.
    public enum Action {
        /// Start the handler; for single-request methods `request` holds the request.
        case start(method: ServerMethod, head: ServerConnection.RequestHead, request: ByteBuffer?)
        /// A request message for a client-streaming call.
        case deliver(ByteBuffer)
        /// The client sent its last request message.
        case requestsEnded
        /// Send `parts`: the whole rest of the response. With `cancelHandler`,
        /// a started handler must be cancelled (its request was bad).
        case respond([ResponsePart], cancelHandler: Bool)
    }

    private enum Phase {
        /// Reading the request; no handler yet (single-request methods start at the end).
        case receiving
        /// The handler runs.
        case started
        /// The response is complete; whatever else arrives is dropped.
        case finished
    }

    private let webProtocol: WebProtocol?
    private let method: ServerMethod?
    private var head: ServerConnection.RequestHead?
    private var phase = Phase.receiving
    private var unaryBody: ByteBuffer?
    private var deframer: MessageDeframer
    private var text: Base64TextDecoder?
    private var singleRequest: ByteBuffer?
    private var headersSent = false
    private var unaryResponse: ByteBuffer?
    private var initialMetadata = Metadata()
    private let cors: [HeaderField]
    private let maxMessageSize: Int
    private let allocator: ByteBufferAllocator

    private init(webProtocol: WebProtocol?, method: ServerMethod?, cors: [HeaderField], maxMessageSize: Int,
                 allocator: ByteBufferAllocator) {
        self.webProtocol = webProtocol
        self.method = method
        self.cors = cors
        self.maxMessageSize = maxMessageSize
        self.deframer = MessageDeframer(maxMessageSize: maxMessageSize)
        self.allocator = allocator
        if case .grpcWeb(text: true) = webProtocol { text = Base64TextDecoder() }
    }

    /// Whether the response is complete.
    public var isFinished: Bool { phase == .finished }

    /// Whether a handler was started and has not ended.
    public var isRunning: Bool { phase == .started }

    // MARK: Request

    /// Reads a request head: a CORS preflight, a plain GET, a protocol the
    /// server does not speak, or the start of a call.
    public static func begin(_ request: WebRequestHead, router: MethodRouter, configuration: ServerConnection.Configuration,
                             allocator: ByteBufferAllocator = .init()) -> (WebCall, [Action]) {
        let origin = request.headers.first("origin")
        let cors = configuration.cors.responseHeaders(origin: origin)
        let contentType = request.headers.first("content-type") ?? ""
        let webProtocol = request.method == "POST" ? WebProtocol(contentType: contentType) : nil
        let serverMethod = webProtocol == nil ? nil : router.method(forPath: request.path)
        var call = WebCall(webProtocol: webProtocol, method: serverMethod, cors: cors,
                           maxMessageSize: configuration.maxReceiveMessageSize, allocator: allocator)
        // The answer's action is made (and the call finished) before the call is returned.
        func answered(_ action: Action) -> (WebCall, [Action]) { (call, [action]) }
        switch request.method {
        case "OPTIONS":
            var status = 204
            var headers = [HeaderField(name: "allow", value: "POST, GET, OPTIONS")]
            if let origin, request.headers.first("access-control-request-method") != nil {
                (status, headers) = configuration.cors.preflight(
                    origin: origin, requestHeaders: request.headers.first("access-control-request-headers"))
            }
            return answered(call.plain(status: status, headers: headers, body: ""))
        case "GET" where request.path == "/":
            return answered(call.plain(status: 200, body: "\(configuration.serverName) \(configuration.version)\n"))
        case "POST":
            break
        default:
            return answered(call.plain(status: 405, headers: [HeaderField(name: "allow", value: "POST")],
                                      body: "RPCs are POST requests\n"))
        }
        guard let webProtocol else {
            return answered(call.plain(status: 415, body: "content-type '\(contentType)' is not served here: use "
                                      + "application/json or application/proto (Connect), application/connect+json "
                                      + "or +proto (Connect streaming), application/grpc-web(-text) (gRPC-Web), "
                                      + "or application/grpc over HTTP/2\n"))
        }
        guard let serverMethod else {
            let service = request.path.split(separator: "/").first.map(String.init) ?? ""
            let message = router.hasService(service) ? "method not found: \(request.path)" : "unknown service: \(service)"
            return answered(call.fail(RPCError(.unimplemented, message)))
        }
        let kind = serverMethod.descriptor.kind
        switch webProtocol {
        case .connectUnary where kind != .unary:
            return answered(call.plain(status: 415, body: "\(request.path) streams: use application/connect+json or +proto\n"))
        case .connectStreaming where kind == .unary:
            return answered(call.plain(status: 415, body: "\(request.path) is unary: use application/json or application/proto\n"))
        default:
            break
        }
        if let encoding = request.headers.first(webProtocol.encodingHeader), encoding != "identity" {
            return answered(call.fail(RPCError(.unimplemented, "\(webProtocol.encodingHeader) '\(encoding)' is not supported; use identity")))
        }
        let timeout: Duration?
        switch webProtocol {
        case .grpcWeb:
            timeout = request.headers.first("grpc-timeout").flatMap(GRPCTimeout.parse)
        case .connectUnary, .connectStreaming:
            if let value = request.headers.first("connect-timeout-ms") {
                guard let milliseconds = Self.connectTimeout(value) else {
                    return answered(call.fail(RPCError(.invalidArgument,
                                                      "connect-timeout-ms: '\(value)' is not a positive integer of at most 10 digits")))
                }
                timeout = .milliseconds(milliseconds)
            } else {
                timeout = nil
            }
        }
        let metadataHeaders = request.headers.filter { !Self.isTransportHeader($0.name) }
        let head = ServerConnection.RequestHead(method: serverMethod.descriptor, metadata: Metadata(headers: metadataHeaders),
                                                timeout: timeout, authority: request.headers.first("host"),
                                                codec: webProtocol.codec)
        call.head = head
        if kind.clientStreams {
            call.phase = .started
            return (call, [.start(method: serverMethod, head: head, request: nil)])
        }
        return (call, [])
    }

    /// `Connect-Timeout-Ms`: a positive integer of at most 10 digits.
    static func connectTimeout(_ value: String) -> Int64? {
        guard (1...10).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let milliseconds = Int64(value), milliseconds > 0 else { return nil }
        return milliseconds
    }

    /// Headers that describe the transport, not the call: never request metadata.
    static func isTransportHeader(_ name: String) -> Bool {
        name.hasPrefix("connect-") || name.hasPrefix("access-control-") || name == "host" || name == "origin"
            || name == "accept-encoding" || name == "content-encoding" || name == "accept" || name == "transfer-encoding"
            || name == "keep-alive" || name == "x-grpc-web" || name == "x-user-agent"
    }

    /// Request body bytes.
    public mutating func receive(_ bytes: ByteBuffer) -> [Action] {
        guard phase != .finished, let webProtocol, let method else { return [] }
        if case .connectUnary = webProtocol {
            let total = (unaryBody?.readableBytes ?? 0) + bytes.readableBytes
            guard total <= maxMessageSize else {
                return [fail(RPCError(.resourceExhausted, "request message of more than \(maxMessageSize) bytes is over the limit"))]
            }
            if unaryBody == nil { unaryBody = bytes } else { unaryBody!.writeImmutableBuffer(bytes) }
            return []
        }
        if text != nil {
            guard let decoded = text!.decode(bytes) else {
                return [fail(RPCError(.invalidArgument, "the grpc-web-text body is not base64"))]
            }
            deframer.append(allocator.buffer(bytes: decoded))
        } else {
            deframer.append(bytes)
        }
        var actions: [Action] = []
        while true {
            let message: ByteBuffer?
            do {
                message = try deframer.next()
            } catch {
                actions.append(fail(Self.status(for: error)))
                return actions
            }
            guard let message else { return actions }
            if method.descriptor.kind.clientStreams {
                actions.append(.deliver(message))
            } else if singleRequest == nil {
                singleRequest = message
            } else {
                actions.append(fail(RPCError(.unimplemented, "more than one request message for a single-request method")))
                return actions
            }
        }
    }

    /// The request body ended.
    public mutating func receiveEnd() -> [Action] {
        guard phase != .finished, let webProtocol, let method, let head else { return [] }
        if case .connectUnary = webProtocol {
            phase = .started
            return [.start(method: method, head: head, request: unaryBody ?? allocator.buffer(capacity: 0))]
        }
        if deframer.hasPartialFrame || text?.hasPartialQuantum == true {
            return [fail(RPCError(.internal, "request stream ended inside a message"))]
        }
        if method.descriptor.kind.clientStreams { return [.requestsEnded] }
        guard let request = singleRequest else {
            return [fail(RPCError(.unimplemented, "no request message for a single-request method"))]
        }
        singleRequest = nil
        phase = .started
        return [.start(method: method, head: head, request: request)]
    }

    static func status(for error: MessageDeframer.Failure) -> RPCError {
        switch error {
        case .messageTooLarge(let length, let limit):
            RPCError(.resourceExhausted, "request message of \(length) bytes is over the limit of \(limit)")
        case .compressedWithoutEncoding:
            RPCError(.internal, "compressed message without an agreed encoding")
        case .truncated:
            RPCError(.internal, "request stream ended inside a message")
        }
    }

    /// Ends the call for bad input: the error response, and the handler cancelled if it runs.
    private mutating func fail(_ status: RPCError) -> Action {
        let cancelHandler = phase == .started
        return .respond(finish(status, metadata: ResponseMetadataSnapshot()), cancelHandler: cancelHandler)
    }

    // MARK: Response

    /// One framed response from the handler.
    public mutating func send(framed: ByteBuffer, initialMetadata: Metadata) -> [ResponsePart] {
        guard phase == .started, let webProtocol else { return [] }
        if case .connectUnary = webProtocol {
            // Held until the status: a Connect unary error changes the HTTP status.
            var message = framed
            message.moveReaderIndex(forwardBy: min(5, message.readableBytes))
            unaryResponse = message
            self.initialMetadata = initialMetadata
            return []
        }
        var parts: [ResponsePart] = []
        if !headersSent { parts.append(streamHead(initialMetadata)) }
        parts.append(.body(encodeBody(framed)))
        return parts
    }

    /// The status that ends the call (nil is OK), with the handler's response metadata.
    public mutating func finish(_ status: RPCError?, metadata: ResponseMetadataSnapshot) -> [ResponsePart] {
        guard phase != .finished, let webProtocol else { return [] }
        phase = .finished
        switch webProtocol {
        case .connectUnary(let codec):
            var headers: [HeaderField] = []
            var initial = initialMetadata
            if initial.isEmpty { initial = metadata.initial }
            initial.append(to: &headers)
            for field in Self.headers(metadata.trailing) { headers.append(HeaderField(name: "trailer-" + field.name, value: field.value)) }
            if let status {
                status.metadata.append(to: &headers)
                return complete(status: status.code.connectHTTPStatus, contentType: "application/json", headers: headers,
                                body: allocator.buffer(bytes: Self.connectErrorJSON(status)))
            }
            return complete(status: 200, contentType: "application/\(codec.name)", headers: headers,
                            body: unaryResponse ?? allocator.buffer(capacity: 0))
        case .connectStreaming:
            var parts: [ResponsePart] = []
            if !headersSent { parts.append(streamHead(metadata.initial)) }
            let json = Self.endStreamJSON(status, trailing: Self.headers(metadata.trailing)
                                              + Self.headers(status?.metadata ?? Metadata()))
            var buffer = allocator.buffer(capacity: 5 + json.count)
            buffer.writeInteger(UInt8(0x02))
            buffer.writeInteger(UInt32(json.count))
            buffer.writeBytes(json)
            parts += [.body(buffer), .end]
            return parts
        case .grpcWeb:
            var parts: [ResponsePart] = []
            if !headersSent { parts.append(streamHead(metadata.initial)) }
            var lines = "grpc-status: \((status?.code ?? .ok).rawValue)\r\n"
            if let message = status?.message, !message.isEmpty {
                lines += "grpc-message: \(PercentEncoding.encode(message))\r\n"
            }
            for field in Self.headers(metadata.trailing) + Self.headers(status?.metadata ?? Metadata()) {
                lines += "\(field.name): \(field.value)\r\n"
            }
            var frame = allocator.buffer(capacity: 5 + lines.utf8.count)
            frame.writeInteger(UInt8(0x80))
            frame.writeInteger(UInt32(lines.utf8.count))
            frame.writeString(lines)
            parts += [.body(encodeBody(frame)), .end]
            return parts
        }
    }

    private mutating func streamHead(_ metadata: Metadata) -> ResponsePart {
        headersSent = true
        var headers = [HeaderField(name: "content-type", value: webProtocol!.responseContentType)]
        metadata.append(to: &headers)
        return .head(status: 200, headers: headers + cors)
    }

    private func encodeBody(_ bytes: ByteBuffer) -> ByteBuffer {
        guard text != nil else { return bytes }
        var encoded: [UInt8] = []
        JSONBase64.encode(Array(bytes.readableBytesView), into: &encoded)
        return allocator.buffer(bytes: encoded)
    }

    private mutating func complete(status: Int, contentType: String, headers: [HeaderField], body: ByteBuffer) -> [ResponsePart] {
        phase = .finished
        let fields = [HeaderField(name: "content-type", value: contentType),
                      HeaderField(name: "content-length", value: String(body.readableBytes))] + headers + cors
        return body.readableBytes == 0 ? [.head(status: status, headers: fields), .end]
            : [.head(status: status, headers: fields), .body(body), .end]
    }

    private mutating func plain(status: Int, headers: [HeaderField] = [], body: String) -> Action {
        .respond(complete(status: status, contentType: "text/plain; charset=utf-8", headers: headers,
                          body: allocator.buffer(string: body)), cancelHandler: false)
    }

    private static func headers(_ metadata: Metadata) -> [HeaderField] {
        var fields: [HeaderField] = []
        metadata.append(to: &fields)
        return fields
    }

    /// `{"code":"invalid_argument","message":"..."}`
    static func connectErrorJSON(_ status: RPCError) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + status.message.utf8.count)
        writeError(status, to: &writer)
        return writer.bytes
    }

    private static func writeError(_ status: RPCError, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("\"code\":")
        writer.writeString(status.code.connectName)
        if !status.message.isEmpty {
            writer.key("\"message\":")
            writer.writeString(status.message)
        }
        writer.endObject()
    }

    /// `{"error":{...},"metadata":{"name":["value"]}}`, each part only when there is one.
    static func endStreamJSON(_ status: RPCError?, trailing fields: [HeaderField]) -> [UInt8] {
        var writer = JSONWriter(capacity: 64)
        writer.beginObject()
        if let status {
            writer.key("\"error\":")
            writeError(status, to: &writer)
        }
        if !fields.isEmpty {
            writer.key("\"metadata\":")
            writer.beginObject()
            var names: [String] = []
            for field in fields where !names.contains(field.name) { names.append(field.name) }
            for name in names {
                writer.mapKey(name)
                writer.beginArray()
                for field in fields where field.name == name {
                    writer.element()
                    writer.writeString(field.value)
                }
                writer.endArray()
            }
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }
}
