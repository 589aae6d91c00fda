internal import CNGHTTP2
public import NIOCore

/// One HTTP/2 connection's protocol state, held by an nghttp2 session and
/// driven with bytes alone: ``receive(_:)`` feeds what the peer sent and
/// returns the events it produced; ``flush(into:)`` writes what we have to
/// send. Nothing here touches a socket, so tests drive it with bytes.
///
/// nghttp2 calls back into this object while `mem_recv` and `mem_send` run.
/// Those callbacks only record events (and queue trailers); every call into
/// nghttp2 (`submit_*`, `resume_data`) happens after `mem_recv`/`mem_send`
/// have returned, never from inside a callback.
///
/// Not Sendable: the session belongs to one event loop (or one test).
public final class HTTP2Session {
    /// Which side of the connection this is.
    public enum Role: Sendable {
        case server
        case client
    }

    /// An nghttp2 error, with its message.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// nghttp2's (negative) error code.
        public var code: Int32
        /// What was being done.
        public var operation: String

        public var description: String {
            "\(operation): \(String(cString: nghttp2_strerror(code))) (\(code))"
        }
    }

    let role: Role
    let allocator: ByteBufferAllocator
    private var session: OpaquePointer?

    // Filled by callbacks, drained by the owner after each call.
    var events: [HTTP2Event] = []
    var pendingHeaders: [Int32: [HeaderField]] = [:]
    var outbound: [Int32: OutboundBody] = [:]
    var trailersToSubmit: [Int32] = []

    /// Creates a session and queues our SETTINGS (and, for a client, the preface).
    public init(role: Role, settings: HTTP2Settings = .init(), allocator: ByteBufferAllocator = .init()) throws {
        self.role = role
        self.allocator = allocator
        var callbacks: OpaquePointer?
        try Self.check(nghttp2_session_callbacks_new(&callbacks), "nghttp2_session_callbacks_new")
        defer { nghttp2_session_callbacks_del(callbacks) }
        Self.install(on: callbacks)

        var option: OpaquePointer?
        try Self.check(nghttp2_option_new(&option), "nghttp2_option_new")
        defer { nghttp2_option_del(option) }
        // Bound what a peer can make us queue (RST/SETTINGS/PING floods).
        nghttp2_option_set_max_outbound_ack(option, 1000)
        nghttp2_option_set_max_send_header_block_length(option, 64 * 1024)

        let userData = Unmanaged.passUnretained(self).toOpaque()
        let result: Int32
        switch role {
        case .server: result = nghttp2_session_server_new2(&session, callbacks, userData, option)
        case .client: result = nghttp2_session_client_new2(&session, callbacks, userData, option)
        }
        try Self.check(result, "nghttp2_session_new")

        var entries = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue),
                                   value: settings.maxConcurrentStreams),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue),
                                   value: settings.initialWindowSize),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue),
                                   value: settings.maxHeaderListSize),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue),
                                   value: settings.maxFrameSize),
        ]
        try Self.check(nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &entries, entries.count),
                       "nghttp2_submit_settings")
        try Self.check(nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0,
                                                             Int32(settings.connectionWindowSize)),
                       "nghttp2_session_set_local_window_size")
    }

    deinit {
        nghttp2_session_del(session)
    }

    static func check(_ result: Int32, _ operation: String) throws {
        if result < 0 { throw Failure(code: result, operation: operation) }
    }

    // MARK: Bytes in, bytes out

    /// Feeds bytes from the peer and returns the events they produced, in order.
    /// A thrown error means the connection is beyond repair: flush what is
    /// queued (nghttp2 may have queued a GOAWAY) and close.
    public func receive(_ bytes: ByteBuffer) throws -> [HTTP2Event] {
        let result = bytes.withUnsafeReadableBytes { buffer -> Int in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
            return Int(baton_nghttp2_session_mem_recv(session, base, buffer.count))
        }
        let produced = events
        events.removeAll(keepingCapacity: true)
        if result < 0 {
            throw Failure(code: Int32(result), operation: "nghttp2_session_mem_recv")
        }
        return produced
    }

    /// Appends every frame nghttp2 has ready to `buffer`.
    public func flush(into buffer: inout ByteBuffer) throws {
        while true {
            var chunk: UnsafePointer<UInt8>?
            let count = baton_nghttp2_session_mem_send(session, &chunk)
            if count < 0 {
                throw Failure(code: Int32(count), operation: "nghttp2_session_mem_send")
            }
            if count > 0, let chunk {
                // Valid only until the next call into nghttp2: copy now.
                buffer.writeBytes(UnsafeRawBufferPointer(start: chunk, count: Int(count)))
            }
            // The data callback asked for trailers; submit them now that
            // nghttp2 is not on the stack, and keep sending.
            if !trailersToSubmit.isEmpty {
                try submitQueuedTrailers()
                continue
            }
            if count == 0 { return }
        }
    }

    /// Events produced while sending (a stream closes once our END_STREAM is
    /// out); ``receive(_:)`` returns them too, but the owner should not wait
    /// for the peer's next bytes to hear of them.
    public func takeEvents() -> [HTTP2Event] {
        let produced = events
        events.removeAll(keepingCapacity: true)
        return produced
    }

    /// Whether nghttp2 still wants to read or write; when neither, the
    /// connection can be closed (GOAWAY exchanged and streams finished).
    public var isActive: Bool {
        nghttp2_session_want_read(session) != 0 || nghttp2_session_want_write(session) != 0
    }

    // MARK: Streams

    /// Opens a request stream (client only) with a body to follow; returns its id.
    public func submitRequest(_ headers: [HeaderField]) throws -> Int32 {
        var provider = Self.dataProvider()
        let streamID = headers.withNV { nv, count in
            nghttp2_submit_request(session, nil, nv, count, &provider, nil)
        }
        try Self.check(streamID, "nghttp2_submit_request")
        outbound[streamID] = OutboundBody(allocator: allocator)
        return streamID
    }

    /// Sends response headers. With `endStream` it is a trailers-only
    /// response; otherwise a body (and usually trailers) follow.
    public func submitResponse(streamID: Int32, headers: [HeaderField], endStream: Bool) throws {
        if endStream {
            let result = headers.withNV { nv, count in
                nghttp2_submit_response(session, streamID, nv, count, nil)
            }
            try Self.check(result, "nghttp2_submit_response")
            return
        }
        var provider = Self.dataProvider()
        let result = headers.withNV { nv, count in
            nghttp2_submit_response(session, streamID, nv, count, &provider)
        }
        try Self.check(result, "nghttp2_submit_response")
        outbound[streamID] = OutboundBody(allocator: allocator)
    }

    /// Queues body bytes on a stream opened with a body.
    public func writeData(streamID: Int32, _ bytes: ByteBuffer) throws {
        guard outbound[streamID] != nil else { return }
        outbound[streamID]!.buffer.writeImmutableBuffer(bytes)
        try resumeIfDeferred(streamID)
    }

    /// Ends a stream's body; with `trailers`, they follow the last DATA frame.
    public func finish(streamID: Int32, trailers: [HeaderField]?) throws {
        guard outbound[streamID] != nil else { return }
        outbound[streamID]!.ended = true
        outbound[streamID]!.trailers = trailers
        try resumeIfDeferred(streamID)
    }

    /// Bytes queued on a stream that nghttp2 has not taken yet (flow control).
    public func queuedBytes(streamID: Int32) -> Int {
        outbound[streamID]?.buffer.readableBytes ?? 0
    }

    /// Resets a stream with an HTTP/2 error code.
    public func resetStream(_ streamID: Int32, errorCode: UInt32) throws {
        outbound[streamID] = nil
        try Self.check(nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, errorCode),
                       "nghttp2_submit_rst_stream")
    }

    private func resumeIfDeferred(_ streamID: Int32) throws {
        guard outbound[streamID]?.deferred == true else { return }
        outbound[streamID]!.deferred = false
        let result = nghttp2_session_resume_data(session, streamID)
        // The stream may already be closed by the peer; that is not our error.
        if result < 0 && result != NGHTTP2_ERR_INVALID_ARGUMENT.rawValue {
            try Self.check(result, "nghttp2_session_resume_data")
        }
    }

    private func submitQueuedTrailers() throws {
        let streams = trailersToSubmit
        trailersToSubmit.removeAll(keepingCapacity: true)
        for streamID in streams {
            guard let trailers = outbound.removeValue(forKey: streamID)?.trailers else { continue }
            let result = trailers.withNV { nv, count in
                nghttp2_submit_trailer(session, streamID, nv, count)
            }
            // A stream reset meanwhile cannot take trailers; nothing to send then.
            if result < 0 && result != NGHTTP2_ERR_INVALID_ARGUMENT.rawValue {
                try Self.check(result, "nghttp2_submit_trailer")
            }
        }
    }

    // MARK: Connection

    /// Sends a PING carrying `payload`; its ACK arrives as ``HTTP2Event/pingAcknowledged(_:)``.
    public func ping(_ payload: UInt64) throws {
        var bytes = payload.bigEndian
        try withUnsafeBytes(of: &bytes) { raw in
            try Self.check(nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue),
                                               raw.baseAddress!.assumingMemoryBound(to: UInt8.self)),
                           "nghttp2_submit_ping")
        }
    }

    /// Sends GOAWAY. `lastStreamID` nil means the last stream nghttp2 processed.
    public func goAway(errorCode: UInt32 = 0, lastStreamID: Int32? = nil, debug: String = "") throws {
        let last = lastStreamID ?? nghttp2_session_get_last_proc_stream_id(session)
        var debugBytes = Array(debug.utf8)
        try Self.check(nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), last, errorCode,
                                             &debugBytes, debugBytes.count),
                       "nghttp2_submit_goaway")
    }

    /// Server: announces a graceful shutdown (GOAWAY with the maximum stream
    /// id); a final ``goAway(errorCode:lastStreamID:debug:)`` follows after a round trip.
    public func shutdownNotice() throws {
        try Self.check(nghttp2_submit_shutdown_notice(session), "nghttp2_submit_shutdown_notice")
    }
}

/// Bytes queued for one stream's DATA frames, pulled by nghttp2's data callback.
struct OutboundBody {
    var buffer: ByteBuffer
    var ended = false
    var trailers: [HeaderField]?
    /// The data callback returned DEFERRED; `resume_data` is needed after new bytes.
    var deferred = false

    init(allocator: ByteBufferAllocator) {
        buffer = allocator.buffer(capacity: 0)
    }
}
