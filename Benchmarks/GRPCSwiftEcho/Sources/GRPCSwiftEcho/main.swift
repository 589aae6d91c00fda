import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf

// grpc-swift-2 2.4.3's echo server for the RPC benchmark: serves
// baton.interop.v1.Interop/Unary like Tests/Interop/Service/InteropServiceImpl.swift
// (text and payload echoed, or response_size bytes of "Z"; status_code honoured),
// without the metadata echo and the sleep. The handler is registered by hand
// with the router. Prints "listening PORT" once bound; SIGTERM stops it gracefully.
//
// Usage: GRPCSwiftEcho [PORT]   (0 or none: any free port)

typealias EchoRequest = Baton_Interop_V1_EchoRequest
typealias EchoResponse = Baton_Interop_V1_EchoResponse

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 0 : 0
let unary = MethodDescriptor(fullyQualifiedService: "baton.interop.v1.Interop", method: "Unary", type: .unary)

func echo(_ request: EchoRequest) throws -> EchoResponse {
    if request.statusCode != 0,
        let error = RPCError(status: Status(code: Status.Code(rawValue: Int(request.statusCode)) ?? .unknown,
                                            message: request.statusMessage))
    {
        throw error
    }
    var response = EchoResponse()
    response.text = request.text
    response.payload = request.responseSize > 0 ? Data(repeating: 0x5A, count: Int(request.responseSize)) : request.payload
    response.index = 0
    return response
}

let transport = HTTP2ServerTransport.Posix(
    address: .ipv4(host: "127.0.0.1", port: port),
    transportSecurity: .plaintext
)
var router = RPCRouter<HTTP2ServerTransport.Posix>()
router.registerHandler(
    forMethod: unary,
    deserializer: ProtobufDeserializer<EchoRequest>(),
    serializer: ProtobufSerializer<EchoResponse>()
) { request, context in
    let single = try await ServerRequest(stream: request)
    return StreamingServerResponse(single: ServerResponse(message: try echo(single.message)))
}
let server = GRPCServer(transport: transport, router: router)

signal(SIGTERM, SIG_IGN)
let signals = DispatchSource.makeSignalSource(signal: SIGTERM)
signals.setEventHandler { server.beginGracefulShutdown() }
signals.resume()

try await withThrowingDiscardingTaskGroup { group in
    group.addTask { try await server.serve() }
    let address = try await transport.listeningAddress
    FileHandle.standardOutput.write(Data("listening \(address.ipv4!.port)\n".utf8))
}
