import NIOCore
import NIOEmbedded
import NIOHTTP1
import RPC
import Wire

/// Feeds arbitrary bytes through NIO's HTTP/1.1 request decoder into the
/// Connect and gRPC-Web request state (``WebCall``), the way the server's
/// HTTP/1.1 path runs them, answers every call it starts (decoding the
/// request with the call's codec), and encodes the responses with NIO's
/// response encoder. Nothing may crash or leak.
///
/// The first input byte picks a canned request head so the fuzzer starts in
/// each protocol: Connect unary JSON and proto, Connect streaming, gRPC-Web
/// binary and text, a CORS preflight, or none; the rest is appended raw.

let router = MethodRouter(services: [HealthService()])
let configuration = ServerConnection.Configuration(maxReceiveMessageSize: 1 << 16,
                                                   cors: CORSPolicy(allowedOrigins: ["https://fuzz.example"]))
let heads: [String] = [
    "",
    "POST /grpc.health.v1.Health/Check HTTP/1.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
    "POST /grpc.health.v1.Health/Check HTTP/1.1\r\ncontent-type: application/proto\r\nconnect-timeout-ms: 100\r\ncontent-length: 2\r\n\r\n",
    "POST /grpc.health.v1.Health/Watch HTTP/1.1\r\ncontent-type: application/connect+json\r\ntransfer-encoding: chunked\r\n\r\n",
    "POST /grpc.health.v1.Health/Check HTTP/1.1\r\ncontent-type: application/grpc-web+proto\r\norigin: https://fuzz.example\r\ntransfer-encoding: chunked\r\n\r\n",
    "POST /grpc.health.v1.Health/Check HTTP/1.1\r\ncontent-type: application/grpc-web-text\r\ntransfer-encoding: chunked\r\n\r\n",
    "OPTIONS /grpc.health.v1.Health/Check HTTP/1.1\r\norigin: https://fuzz.example\r\naccess-control-request-method: POST\r\n\r\n",
]

/// Runs WebCall's actions as the server's HTTP/1.1 handler does, answering calls at once.
final class WebCallDriver: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    var call: WebCall?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let fields = head.headers.map { HeaderField(name: $0.name.lowercased(), value: $0.value) }
            let (web, actions) = WebCall.begin(WebRequestHead(method: head.method.rawValue, path: head.uri, headers: fields),
                                               router: router, configuration: configuration,
                                               allocator: context.channel.allocator)
            call = web
            run(actions, context: context)
        case .body(let bytes):
            guard call != nil else { return }
            run(call!.receive(bytes), context: context)
        case .end:
            guard call != nil else { return }
            run(call!.receiveEnd(), context: context)
            call = nil
        }
    }

    func run(_ actions: [WebCall.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .start(_, let head, let request):
                let status: RPCError?
                switch head.codec {
                case .json:
                    let valid = request.map { buffer in
                        buffer.withUnsafeReadableBytes { (try? GRPCHealthV1.HealthCheckRequest(jsonBytes: $0)) != nil }
                    } ?? false
                    status = valid ? nil : RPCError(.invalidArgument, "bad JSON")
                case .proto:
                    status = nil
                }
                let response = GRPCHealthV1.HealthCheckResponse.with { $0.status = .serving }
                var framed = ByteBuffer()
                MessageFraming.write(response, to: &framed)
                write(call!.send(framed: framed, initialMetadata: ["x-fuzz": "1"]), context: context)
                write(call!.finish(status, metadata: ResponseMetadataSnapshot(trailing: ["x-trail": "2"])), context: context)
            case .deliver, .requestsEnded:
                break
            case .respond(let parts, _):
                write(parts, context: context)
            }
        }
    }

    func write(_ parts: [WebCall.ResponsePart], context: ChannelHandlerContext) {
        for part in parts {
            switch part {
            case .head(let status, let fields):
                let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status),
                                            headers: HTTPHeaders(fields.map { ($0.name, $0.value) }))
                context.write(wrapOutboundOut(.head(head)), promise: nil)
            case .body(let bytes):
                context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
            case .end:
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let channel = EmbeddedChannel()
    do {
        try channel.pipeline.syncOperations.addHandlers([
            HTTPResponseEncoder(), ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)),
            WebCallDriver(),
        ])
    } catch {
        fatalError("cannot build the pipeline: \(error)")
    }
    var input = ByteBuffer(string: heads[Int(data[0]) % heads.count])
    input.writeBytes(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    // Two reads, so requests split across reads are exercised.
    let cut = input.readableBytes / 2
    for piece in [input.getSlice(at: 0, length: cut)!, input.getSlice(at: cut, length: input.readableBytes - cut)!] {
        do {
            try channel.writeInbound(piece)
        } catch {
            break
        }
        while (try? channel.readOutbound(as: ByteBuffer.self)) != nil {}
    }
    _ = try? channel.finish()
    // Runs what closing scheduled, so the closed channel lets go of its pipeline.
    channel.embeddedEventLoop.run()
    return 0
}
