import NIOCore

/// A transport's handler as a call's responses reach it: the HTTP/2
/// connection (a call is a stream id) or an HTTP/1.1 connection (a call is
/// the request's number on the connection). Called on the handler's loop.
protocol ServerCallTransport: AnyObject, SendableMetatype {
    /// What tells one call from the others on the transport.
    associatedtype CallKey: Sendable

    /// Queues a framed response; returns whether the writer should wait (the peer is behind).
    func send(_ call: CallKey, framed: ByteBuffer, initialMetadata: Metadata) -> Bool
    /// Parks a writer until the transport drains (or the call ends).
    func park(_ call: CallKey, _ continuation: CheckedContinuation<Void, Never>)
    /// Ends the call with a status (nil is OK); ignored if it already ended.
    func finish(_ call: CallKey, status: RPCError?, metadata: ResponseMetadataSnapshot)
}

/// The ``ServerCallSink`` of a call on a transport: hops to the transport's
/// loop (or calls straight through when the handler task already runs there).
struct TransportSink<Transport: ServerCallTransport>: ServerCallSink {
    let call: Transport.CallKey
    let transport: LoopBoundReference<Transport>

    func send(framed: ByteBuffer, initialMetadata: Metadata) async {
        let call = call
        let transport = transport
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            transport.run { handler in
                if handler.send(call, framed: framed, initialMetadata: initialMetadata) {
                    handler.park(call, continuation)
                } else {
                    continuation.resume()
                }
            }
        }
    }

    func respond(framed: ByteBuffer, metadata: ResponseMetadataSnapshot) {
        let call = call
        transport.run { handler in
            _ = handler.send(call, framed: framed, initialMetadata: metadata.initial)
            handler.finish(call, status: nil, metadata: metadata)
        }
    }

    func finish(_ status: RPCError?, metadata: ResponseMetadataSnapshot) {
        let call = call
        transport.run { handler in
            handler.finish(call, status: status, metadata: metadata)
        }
    }
}
