import NIOCore

/// The first handler of a server connection: holds the first bytes until
/// ``HTTPVersionSniffer`` tells HTTP/2 from HTTP/1.1, puts the handlers for
/// that version after itself, passes them the bytes and leaves.
final class ProtocolSelectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Makes the handlers for a version; runs on the connection's loop.
    typealias Install = (any Channel) throws -> [any ChannelHandler]

    private let http2: Install
    private let http1: Install
    private var buffered: ByteBuffer?

    init(http2: @escaping Install, http1: @escaping Install) {
        self.http2 = http2
        self.http1 = http1
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if var earlier = buffered {
            earlier.writeBuffer(&bytes)
            bytes = earlier
        }
        let verdict = HTTPVersionSniffer.classify(bytes)
        guard verdict != .undecided else {
            buffered = bytes
            return
        }
        buffered = nil
        do {
            let handlers = try (verdict == .http2 ? http2 : http1)(context.channel)
            try context.pipeline.syncOperations.addHandlers(handlers, position: .after(self))
        } catch {
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(wrapInboundOut(bytes))
        context.fireChannelReadComplete()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        buffered = nil
        context.fireChannelInactive()
    }
}
