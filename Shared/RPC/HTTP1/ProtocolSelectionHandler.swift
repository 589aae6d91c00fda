import NIOCore

/// The first handler of a server connection: holds the first bytes until
/// ``HTTPVersionSniffer`` tells HTTP/2 from HTTP/1.1, puts the handlers for
/// that version after itself, passes them the bytes and leaves. A peer that
/// does not say which within `firstBytesTimeout` is disconnected: the
/// version's handlers own every later timer, so without this one a silent
/// connection would be held for ever.
final class ProtocolSelectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Makes the handlers for a version; runs on the connection's loop.
    typealias Install = (any Channel) throws -> [any ChannelHandler]

    private let http2: Install
    private let http1: Install
    private let firstBytesTimeout: TimeAmount
    private var buffered: ByteBuffer?
    private var deadline: Scheduled<Void>?

    init(firstBytesTimeout: Duration, http2: @escaping Install, http1: @escaping Install) {
        self.firstBytesTimeout = TimeAmount(firstBytesTimeout)
        self.http2 = http2
        self.http1 = http1
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: firstBytesTimeout) {
            loopBound.value.close(promise: nil)
        }
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
        deadline?.cancel()
        deadline = nil
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
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
