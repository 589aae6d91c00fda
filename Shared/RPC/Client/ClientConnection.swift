public import NIOCore

/// What the server sent on one call, in order.
public enum ClientCallEvent: Sendable {
    /// The response headers' metadata.
    case headers(Metadata)
    /// One response message (unframed).
    case message(ByteBuffer)
    /// The call ended: nil is OK; trailing metadata comes with either.
    case end(RPCError?, trailers: Metadata)
}

/// The gRPC client protocol for one HTTP/2 connection, driven with bytes alone:
/// ``openCall(_:authority:metadata:timeout:)`` and the `send` methods queue
/// frames, ``receive(_:)`` turns the server's bytes into per-call events.
///
/// Not Sendable: it belongs to the connection's event loop (or a test).
public final class ClientConnection {
    struct Stream {
        var deframer: MessageDeframer
        var sawHeaders = false
        var ended = false
    }

    /// The HTTP/2 session underneath.
    public let session: HTTP2Session
    let maxReceiveMessageSize: Int
    let userAgent: String
    let scheme: String
    var streams: [Int32: Stream] = [:]
    /// Set when the server sent GOAWAY: no new calls go on this connection.
    public private(set) var isDraining = false

    /// Creates the protocol state and queues the connection preface.
    public init(maxReceiveMessageSize: Int = 4 << 20, settings: HTTP2Settings = .init(),
                allocator: ByteBufferAllocator = .init(), userAgent: String = "baton-rpc/0.1",
                scheme: String = "http") throws {
        self.maxReceiveMessageSize = maxReceiveMessageSize
        self.userAgent = userAgent
        self.scheme = scheme
        self.session = try HTTP2Session(role: .client, settings: settings, allocator: allocator)
    }

    /// Opens a call: queues its request headers and returns its stream id.
    public func openCall(_ method: MethodDescriptor, authority: String, metadata: Metadata,
                         timeout: Duration?) throws -> Int32 {
        var headers = [
            HeaderField(name: ":method", value: "POST"),
            HeaderField(name: ":scheme", value: scheme),
            HeaderField(name: ":path", value: method.path),
            HeaderField(name: ":authority", value: authority),
            HeaderField(name: "content-type", value: "application/grpc"),
            HeaderField(name: "te", value: "trailers"),
            HeaderField(name: "user-agent", value: userAgent),
        ]
        if let timeout { headers.append(HeaderField(name: "grpc-timeout", value: GRPCTimeout.format(timeout))) }
        metadata.append(to: &headers)
        let streamID = try session.submitRequest(headers)
        streams[streamID] = Stream(deframer: MessageDeframer(maxMessageSize: maxReceiveMessageSize))
        return streamID
    }

    /// Queues one framed request message.
    public func send(streamID: Int32, framed: ByteBuffer) {
        try? session.writeData(streamID: streamID, framed)
    }

    /// Ends the request side (END_STREAM on the last DATA frame).
    public func finishSending(streamID: Int32) {
        try? session.finish(streamID: streamID, trailers: nil)
    }

    /// Cancels a call: RST_STREAM(CANCEL). Returns the event to deliver, if the call was still open.
    public func cancel(streamID: Int32, status: RPCError) -> ClientCallEvent? {
        guard var stream = streams.removeValue(forKey: streamID), !stream.ended else { return nil }
        stream.ended = true
        try? session.resetStream(streamID, errorCode: 0x08)
        return .end(status, trailers: Metadata())
    }

    /// Feeds the server's bytes; returns each call's events in order.
    /// A thrown error means the connection is broken.
    public func receive(_ bytes: ByteBuffer) throws -> [(streamID: Int32, event: ClientCallEvent)] {
        var out: [(Int32, ClientCallEvent)] = []
        for event in try session.receive(bytes) {
            handle(event, into: &out)
        }
        return out
    }

    /// Ends every open call with `status` (the connection closed).
    public func failAll(_ status: RPCError) -> [(streamID: Int32, event: ClientCallEvent)] {
        let open = streams.filter { !$0.value.ended }.map(\.key)
        streams.removeAll()
        return open.map { ($0, .end(status, trailers: Metadata())) }
    }

    private func handle(_ event: HTTP2Event, into out: inout [(Int32, ClientCallEvent)]) {
        switch event {
        case .headers(let streamID, _, let fields, let endStream):
            guard var stream = streams[streamID], !stream.ended else { return }
            if !stream.sawHeaders && !endStream {
                stream.sawHeaders = true
                if let status = Self.httpStatusError(fields) {
                    streams[streamID] = stream
                    end(streamID, status, Metadata(), into: &out)
                    try? session.resetStream(streamID, errorCode: 0x08)
                    return
                }
                streams[streamID] = stream
                out.append((streamID, .headers(Metadata(headers: fields))))
                return
            }
            // Trailers, or a trailers-only response.
            streams[streamID] = stream
            if stream.deframer.hasPartialFrame {
                end(streamID, RPCError(.internal, "response ended inside a message"), Metadata(), into: &out)
                return
            }
            let status = Self.status(from: fields) ?? Self.httpStatusError(fields)
                ?? RPCError(.internal, "response trailers carry no grpc-status")
            end(streamID, status.code == .ok ? nil : status, Metadata(headers: fields), into: &out)
        case .data(let streamID, let bytes):
            guard var stream = streams[streamID], !stream.ended else { return }
            stream.deframer.append(bytes)
            streams[streamID] = stream
            while true {
                do {
                    guard let message = try streams[streamID]!.deframer.next() else { break }
                    out.append((streamID, .message(message)))
                } catch .messageTooLarge(let length, let limit) {
                    end(streamID, RPCError(.resourceExhausted,
                                           "response message of \(length) bytes is over the limit of \(limit)"),
                        Metadata(), into: &out)
                    try? session.resetStream(streamID, errorCode: 0x08)
                    return
                } catch {
                    end(streamID, RPCError(.internal, "compressed response without grpc-encoding"), Metadata(), into: &out)
                    try? session.resetStream(streamID, errorCode: 0x08)
                    return
                }
            }
        case .endStream(let streamID):
            if let stream = streams[streamID], !stream.ended {
                end(streamID, RPCError(.internal, "response ended without trailers"), Metadata(), into: &out)
            }
        case .streamClosed(let streamID, let errorCode):
            guard let stream = streams.removeValue(forKey: streamID), !stream.ended else { return }
            let status: RPCError
            switch errorCode {
            case 0x07: status = .unprocessed("stream refused by the server")
            case 0x08: status = RPCError(.cancelled, "stream cancelled by the server")
            case 0x0B: status = RPCError(.resourceExhausted, "server asked to enhance our calm")
            case 0: status = RPCError(.internal, "stream closed without a status")
            default: status = RPCError(.internal, "stream reset with HTTP/2 error \(errorCode)")
            }
            out.append((streamID, .end(status, trailers: Metadata())))
        case .goAway(let lastStreamID, _):
            isDraining = true
            // Streams above the last one processed were never seen: safe to retry elsewhere.
            for (streamID, stream) in streams where streamID > lastStreamID && !stream.ended {
                end(streamID, .unprocessed("server went away before the call started"), Metadata(), into: &out)
            }
        case .pingAcknowledged, .settings:
            break
        }
    }

    private func end(_ streamID: Int32, _ status: RPCError?, _ trailers: Metadata,
                     into out: inout [(Int32, ClientCallEvent)]) {
        streams[streamID]?.ended = true
        streams[streamID] = nil
        out.append((streamID, .end(status, trailers: trailers)))
    }

    static func status(from fields: [HeaderField]) -> RPCError? {
        guard let raw = fields.first("grpc-status"), let code = Int(raw) else { return nil }
        let message = fields.first("grpc-message").map(PercentEncoding.decode) ?? ""
        return RPCError(StatusCode(rawValue: code), message)
    }

    /// A non-200 `:status` or a non-gRPC content type, mapped as the gRPC spec does.
    static func httpStatusError(_ fields: [HeaderField]) -> RPCError? {
        let status = fields.first(":status") ?? ""
        if status != "200" {
            if let grpcStatus = Self.status(from: fields) { return grpcStatus }
            let code: StatusCode = switch status {
            case "400": .internal
            case "401": .unauthenticated
            case "403": .permissionDenied
            case "404": .unimplemented
            case "429", "502", "503", "504": .unavailable
            default: .unknown
            }
            return RPCError(code, "HTTP status \(status)")
        }
        if let contentType = fields.first("content-type"), !contentType.hasPrefix("application/grpc") {
            return RPCError(.unknown, "response content-type '\(contentType)' is not gRPC")
        }
        return nil
    }

    /// Writes every frame ready to go to `buffer`.
    public func flush(into buffer: inout ByteBuffer) throws {
        try session.flush(into: &buffer)
    }
}
