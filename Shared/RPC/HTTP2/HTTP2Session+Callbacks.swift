internal import CNGHTTP2
import NIOCore

// nghttp2's callbacks. Each one only records what happened on the session
// object (events, header blocks, trailers to submit); none calls back into
// nghttp2. They return 0 for success: anything else breaks the session.

extension HTTP2Session {
    static func install(on callbacks: OpaquePointer?) {
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameReceived)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunk)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)
    }

    static func dataProvider() -> nghttp2_data_provider {
        nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: readData)
    }

    static func owner(_ userData: UnsafeMutableRawPointer?) -> HTTP2Session {
        Unmanaged<HTTP2Session>.fromOpaque(userData!).takeUnretainedValue()
    }
}

private let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, userData in
    guard let frame else { return 0 }
    let session = HTTP2Session.owner(userData)
    session.pendingHeaders[frame.pointee.hd.stream_id] = []
    return 0
}

private let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, userData in
    guard let frame, let name, let value else { return 0 }
    let session = HTTP2Session.owner(userData)
    let field = HeaderField(
        name: String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self),
        value: String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
    )
    // nghttp2 may report headers for a stream we never saw begin; keep them anyway.
    session.pendingHeaders[frame.pointee.hd.stream_id, default: []].append(field)
    return 0
}

private let onFrameReceived: nghttp2_on_frame_recv_callback = { _, frame, userData in
    guard let frame else { return 0 }
    let session = HTTP2Session.owner(userData)
    let header = frame.pointee.hd
    let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
    switch UInt32(header.type) {
    case NGHTTP2_HEADERS.rawValue:
        let fields = session.pendingHeaders.removeValue(forKey: header.stream_id) ?? []
        let kind: HTTP2Event.HeaderKind
        switch frame.pointee.headers.cat {
        case NGHTTP2_HCAT_REQUEST: kind = .request
        case NGHTTP2_HCAT_RESPONSE: kind = .response
        default: kind = .trailers
        }
        session.events.append(.headers(streamID: header.stream_id, kind: kind, fields: fields, endStream: endStream))
    case NGHTTP2_DATA.rawValue:
        if endStream { session.events.append(.endStream(streamID: header.stream_id)) }
    case NGHTTP2_PING.rawValue:
        if header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0 {
            let payload = withUnsafeBytes(of: frame.pointee.ping.opaque_data) { UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)) }
            session.events.append(.pingAcknowledged(payload))
        }
    case NGHTTP2_GOAWAY.rawValue:
        session.events.append(.goAway(lastStreamID: frame.pointee.goaway.last_stream_id,
                                      errorCode: frame.pointee.goaway.error_code))
    case NGHTTP2_SETTINGS.rawValue:
        if header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0 {
            session.events.append(.settings)
        }
    default:
        break
    }
    return 0
}

private let onDataChunk: nghttp2_on_data_chunk_recv_callback = { _, _, streamID, data, length, userData in
    guard let data else { return 0 }
    let session = HTTP2Session.owner(userData)
    var buffer = session.allocator.buffer(capacity: length)
    buffer.writeBytes(UnsafeRawBufferPointer(start: data, count: length))
    session.events.append(.data(streamID: streamID, buffer))
    return 0
}

private let onStreamClose: nghttp2_on_stream_close_callback = { _, streamID, errorCode, userData in
    let session = HTTP2Session.owner(userData)
    session.pendingHeaders[streamID] = nil
    session.outbound[streamID] = nil
    session.events.append(.streamClosed(streamID: streamID, errorCode: errorCode))
    return 0
}

private let readData: nghttp2_data_source_read_callback = { _, streamID, destination, length, flags, _, userData in
    let session = HTTP2Session.owner(userData)
    guard let destination, let flags, session.outbound[streamID] != nil else {
        // A stream we no longer track: end it quietly.
        flags?.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
        return 0
    }
    let count = min(length, session.outbound[streamID]!.buffer.readableBytes)
    if count > 0 {
        session.outbound[streamID]!.buffer.withUnsafeReadableBytes { bytes in
            UnsafeMutableRawPointer(destination).copyMemory(from: bytes.baseAddress!, byteCount: count)
        }
        session.outbound[streamID]!.buffer.moveReaderIndex(forwardBy: count)
    }
    let body = session.outbound[streamID]!
    if body.buffer.readableBytes == 0 {
        if body.ended {
            flags.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
            if body.trailers != nil {
                flags.pointee |= UInt32(NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue)
                session.trailersToSubmit.append(streamID)
            } else {
                session.outbound[streamID] = nil
            }
        } else if count == 0 {
            session.outbound[streamID]!.deferred = true
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        } else {
            // Reclaim the consumed prefix so long streams do not grow the buffer.
            session.outbound[streamID]!.buffer.discardReadBytes()
        }
    }
    return count
}
