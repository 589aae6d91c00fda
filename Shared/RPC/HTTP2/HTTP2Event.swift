public import NIOCore

/// Something the peer did, reported by ``HTTP2Session/receive(_:)`` in order.
public enum HTTP2Event: Sendable {
    /// What a HEADERS frame carries.
    public enum HeaderKind: Sendable {
        /// A server's view of a new request.
        case request
        /// A client's view of the response headers (or a trailers-only response).
        case response
        /// Trailers: headers after the body.
        case trailers
    }

    /// A complete header block.
    case headers(streamID: Int32, kind: HeaderKind, fields: [HeaderField], endStream: Bool)
    /// Body bytes.
    case data(streamID: Int32, ByteBuffer)
    /// The peer ended its side of the stream with a DATA frame.
    case endStream(streamID: Int32)
    /// The stream is closed (finished normally, or reset with `errorCode`).
    case streamClosed(streamID: Int32, errorCode: UInt32)
    /// The peer sent GOAWAY.
    case goAway(lastStreamID: Int32, errorCode: UInt32)
    /// The peer answered our PING.
    case pingAcknowledged(UInt64)
    /// The peer sent its SETTINGS.
    case settings
}
