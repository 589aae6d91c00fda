import NIOCore

/// The responses of a call made as an HTTP/1.1 request (Connect or
/// gRPC-Web): handed to the connection's handler on its loop. `number`
/// tells this request from later ones on the same keep-alive connection.
struct HTTP1RequestSink: ServerCallSink {
    let number: Int
    let connection: HTTP1ConnectionHandler.LoopBound

    func send(framed: ByteBuffer, initialMetadata: Metadata) async {
        let number = number
        let connection = connection
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            connection.run { handler in
                if handler.send(number: number, framed: framed, initialMetadata: initialMetadata) {
                    handler.park(continuation)
                } else {
                    continuation.resume()
                }
            }
        }
    }

    func respond(framed: ByteBuffer, metadata: ResponseMetadataSnapshot) {
        let number = number
        connection.run { handler in
            handler.send(number: number, framed: framed, initialMetadata: metadata.initial)
            handler.finish(number: number, status: nil, metadata: metadata)
        }
    }

    func finish(_ status: RPCError?, metadata: ResponseMetadataSnapshot) {
        let number = number
        connection.run { handler in
            handler.finish(number: number, status: status, metadata: metadata)
        }
    }
}
