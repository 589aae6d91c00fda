public import NIOCore

/// Tells HTTP/2 from HTTP/1.1 on a new connection by its first bytes: an
/// HTTP/2 client starts with the 24-byte preface `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`
/// (RFC 9113 section 3.4), which no HTTP/1.1 request line can begin with.
public enum HTTPVersionSniffer {
    /// The verdict on the bytes so far.
    public enum Verdict: Hashable, Sendable {
        /// The HTTP/2 preface.
        case http2
        /// Anything else: HTTP/1.x.
        case http1
        /// A prefix of the preface: wait for more bytes.
        case undecided
    }

    static let preface: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// The verdict on the first bytes of a connection.
    public static func classify(_ bytes: ByteBuffer) -> Verdict {
        let view = bytes.readableBytesView
        for (offset, byte) in zip(0..<preface.count, view) where byte != preface[offset] {
            return .http1
        }
        return view.count >= preface.count ? .http2 : .undecided
    }
}
