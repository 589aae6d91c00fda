import NIOCore
import RPC
import Wire

/// Feeds arbitrary bytes, after a valid connection preface, into a server
/// connection (nghttp2 session and gRPC protocol state), answers every call
/// it starts, and flushes what it queues. Nothing may crash or leak.
///
/// The first input byte picks a canned prefix so the fuzzer starts from deep
/// states too: 0 none, 1 an open unary request, 2 a finished unary request,
/// 3 an open streaming Watch; the rest is appended raw.

let router = MethodRouter(services: [HealthService()])
let prefixes: [[UInt8]] = makePrefixes()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    guard let connection = try? ServerConnection(router: router, configuration: .init(maxReceiveMessageSize: 1 << 16)) else {
        fatalError("cannot create a session")
    }
    var input = ByteBuffer()
    input.writeBytes(prefixes[Int(data[0]) % prefixes.count])
    input.writeBytes(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    // Feed in two pieces so frames split across reads are exercised.
    let cut = input.readableBytes / 2
    for piece in [input.getSlice(at: 0, length: cut)!, input.getSlice(at: cut, length: input.readableBytes - cut)!] {
        guard let actions = try? connection.receive(piece) else { break }
        for action in actions {
            if case .start(let streamID, _, _, _) = action {
                var framed = ByteBuffer()
                MessageFraming.write(GRPCHealthV1.HealthCheckResponse.with { $0.status = .serving }, to: &framed)
                connection.sendMessage(streamID: streamID, framed: framed)
                connection.sendStatus(streamID: streamID, nil)
            }
        }
        var output = ByteBuffer()
        try? connection.flush(into: &output)
    }
    return 0
}

/// Client byte streams (preface included) made by a real nghttp2 client session.
func makePrefixes() -> [[UInt8]] {
    func stream(_ build: (HTTP2Session) throws -> Void) -> [UInt8] {
        let client = try! HTTP2Session(role: .client)
        try! build(client)
        var bytes = ByteBuffer()
        try! client.flush(into: &bytes)
        return Array(bytes.readableBytesView)
    }
    func headers(_ path: String) -> [HeaderField] {
        [HeaderField(name: ":method", value: "POST"), HeaderField(name: ":scheme", value: "http"),
         HeaderField(name: ":path", value: path), HeaderField(name: ":authority", value: "fuzz"),
         HeaderField(name: "content-type", value: "application/grpc"), HeaderField(name: "te", value: "trailers")]
    }
    var request = ByteBuffer()
    MessageFraming.write(GRPCHealthV1.HealthCheckRequest.with { $0.service = "" }, to: &request)
    let preface = stream { _ in }
    let open = stream { client in _ = try client.submitRequest(headers("/grpc.health.v1.Health/Check")) }
    let finished = stream { client in
        let id = try client.submitRequest(headers("/grpc.health.v1.Health/Check"))
        try client.writeData(streamID: id, request)
        try client.finish(streamID: id, trailers: nil)
    }
    let watch = stream { client in
        let id = try client.submitRequest(headers("/grpc.health.v1.Health/Watch"))
        try client.writeData(streamID: id, request)
    }
    return [preface, open, finished, watch]
}
