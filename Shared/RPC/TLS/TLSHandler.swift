internal import COpenSSL
import NIOCore

/// TLS through OpenSSL with memory BIOs: ciphertext from the socket goes into
/// one BIO, plaintext comes out of `SSL_read`; plaintext written by the
/// handlers above goes through `SSL_write` and the ciphertext is taken from the
/// other BIO. The `SSL` object belongs to this handler, on its event loop, and
/// is freed in `deinit` (which frees its BIOs too).
///
/// Writes made before the handshake finishes wait in a queue. The handshake
/// must agree on ALPN `h2` (servers also take `http/1.1`: the handler after
/// this one tells the versions apart by their first bytes), or the
/// connection is closed.
final class TLSHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A TLS failure, with OpenSSL's error queue.
    struct Failure: Error, CustomStringConvertible {
        var reason: String
        var details: [String]
        var description: String { "TLS: \(reason)" + (details.isEmpty ? "" : " (\(details.joined(separator: "; ")))") }
    }

    private enum State {
        case handshaking
        case active
        /// close_notify sent and our side of the socket shut: still reading.
        case outputClosed
        case closed
    }

    private let ssl: OpaquePointer
    private let networkIn: OpaquePointer
    private let networkOut: OpaquePointer
    private let isServer: Bool
    private var state = State.handshaking
    private var pending: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private var readBuffer: ByteBuffer?

    init(context tls: TLSContext, serverName: String?) throws {
        guard let ssl = SSL_new(tls.context) else { throw TLSContext.failure("SSL_new") }
        guard let networkIn = BIO_new(BIO_s_mem()), let networkOut = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSContext.failure("BIO_new")
        }
        // An empty input BIO means "wait for more", not end of file.
        _ = baton_BIO_set_mem_eof_return(networkIn, -1)
        SSL_set_bio(ssl, networkIn, networkOut)
        self.ssl = ssl
        self.networkIn = networkIn
        self.networkOut = networkOut
        self.isServer = tls.isServer
        if tls.isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let name = tls.serverName ?? serverName {
                _ = baton_SSL_set_tlsext_host_name(ssl, name)
                guard SSL_set1_host(ssl, name) == 1 else {
                    SSL_free(ssl)
                    throw TLSContext.failure("SSL_set1_host")
                }
            }
        }
    }

    deinit {
        SSL_free(ssl)
    }

    // MARK: Inbound

    func channelActive(context: ChannelHandlerContext) {
        if !isServer { advanceHandshake(context: context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        bytes.withUnsafeReadableBytes { raw in
            _ = BIO_write(networkIn, raw.baseAddress, Int32(raw.count))
        }
        if state == .handshaking {
            advanceHandshake(context: context)
        }
        if state == .active || state == .outputClosed {
            readPlaintext(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        for (_, promise) in pending { promise?.fail(ChannelError.ioOnClosedChannel) }
        pending.removeAll()
        context.fireChannelInactive()
    }

    private func advanceHandshake(context: ChannelHandlerContext) {
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            let protocolName = negotiatedProtocol()
            guard protocolName == "h2" || (isServer && protocolName == "http/1.1") else {
                fail(context: context, Failure(reason: isServer ? "the peer did not agree on ALPN h2 or http/1.1"
                                                                : "the peer did not agree on ALPN h2", details: []))
                return
            }
            state = .active
            flushNetwork(context: context)
            let queued = pending
            pending.removeAll()
            for (buffer, promise) in queued { encrypt(buffer, promise: promise, context: context) }
            if !queued.isEmpty { flushNetwork(context: context) }
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            flushNetwork(context: context)
        default:
            // Send the alert OpenSSL queued, then give up.
            flushNetwork(context: context)
            fail(context: context, Failure(reason: "handshake failed", details: TLSContext.drainErrors()))
        }
    }

    /// The ALPN protocol the handshake agreed on, if any.
    private func negotiatedProtocol() -> String? {
        var protocolName: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &protocolName, &length)
        guard let protocolName, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: protocolName, count: Int(length)), as: UTF8.self)
    }

    private func readPlaintext(context: ChannelHandlerContext) {
        var buffer = readBuffer ?? context.channel.allocator.buffer(capacity: 16 * 1024)
        readBuffer = nil
        var lastResult: Int32 = 0
        repeat {
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 16 * 1024) { raw in
                lastResult = SSL_read(ssl, raw.baseAddress, Int32(raw.count))
                return Int(max(0, lastResult))
            }
        } while lastResult > 0
        let reason = SSL_get_error(ssl, lastResult)
        if buffer.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(buffer))
        } else {
            readBuffer = buffer
        }
        switch reason {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            // TLS 1.3 may have queued tickets or key updates to send.
            if state == .active { flushNetwork(context: context) }
        case SSL_ERROR_ZERO_RETURN:
            // The peer sent close_notify.
            context.close(promise: nil)
        default:
            fail(context: context, Failure(reason: "read failed", details: TLSContext.drainErrors()))
        }
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        switch state {
        case .handshaking: pending.append((buffer, promise))
        case .active: encrypt(buffer, promise: promise, context: context)
        case .outputClosed, .closed: promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    func flush(context: ChannelHandlerContext) {
        if state == .active { flushNetwork(context: context) }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if state == .active && mode != .input {
            // close_notify, best effort.
            _ = SSL_shutdown(ssl)
            flushNetwork(context: context)
        }
        switch mode {
        case .output where state == .active: state = .outputClosed
        case .output, .input: break
        case .all: state = .closed
        }
        context.close(mode: mode, promise: promise)
    }

    private func encrypt(_ buffer: ByteBuffer, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        guard buffer.readableBytes > 0 else {
            promise?.succeed()
            return
        }
        let written = buffer.withUnsafeReadableBytes { raw in
            SSL_write(ssl, raw.baseAddress, Int32(raw.count))
        }
        guard written == buffer.readableBytes else {
            promise?.fail(Failure(reason: "write failed", details: TLSContext.drainErrors()))
            fail(context: context, Failure(reason: "write failed", details: []))
            return
        }
        writeNetwork(context: context, promise: promise)
    }

    /// Moves ciphertext from the output BIO to the channel.
    private func writeNetwork(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        let pendingBytes = Int(baton_BIO_pending(networkOut))
        guard pendingBytes > 0 else {
            promise?.succeed()
            return
        }
        var out = context.channel.allocator.buffer(capacity: pendingBytes)
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: pendingBytes) { raw in
            Int(max(0, BIO_read(networkOut, raw.baseAddress, Int32(pendingBytes))))
        }
        context.write(wrapOutboundOut(out), promise: promise)
    }

    private func flushNetwork(context: ChannelHandlerContext) {
        writeNetwork(context: context, promise: nil)
        context.flush()
    }

    private func fail(context: ChannelHandlerContext, _ error: Failure) {
        state = .closed
        for (_, promise) in pending { promise?.fail(error) }
        pending.removeAll()
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}
