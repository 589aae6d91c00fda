import NIOCore

/// The responses of a call on an HTTP/2 stream (gRPC, Connect or gRPC-Web):
/// handed to the connection's handler on its loop.
struct HTTP2StreamSink: ServerCallSink {
    let streamID: Int32
    let connection: ServerConnectionHandler.LoopBound

    func send(framed: ByteBuffer, initialMetadata: Metadata) async {
        let streamID = streamID
        let connection = connection
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            connection.run { handler in
                if handler.send(streamID: streamID, framed: framed, initialMetadata: initialMetadata) {
                    handler.park(streamID: streamID, continuation)
                } else {
                    continuation.resume()
                }
            }
        }
    }

    func respond(framed: ByteBuffer, metadata: ResponseMetadataSnapshot) {
        let streamID = streamID
        connection.run { handler in
            handler.send(streamID: streamID, framed: framed, initialMetadata: metadata.initial)
            handler.finish(streamID: streamID, status: nil, metadata: metadata)
        }
    }

    func finish(_ status: RPCError?, metadata: ResponseMetadataSnapshot) {
        let streamID = streamID
        connection.run { handler in
            handler.finish(streamID: streamID, status: status, metadata: metadata)
        }
    }
}
