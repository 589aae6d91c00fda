import Foundation
import InteropService
import RPC

// The interop server: Baton's RPC server with the interop service, for the
// Python grpcio client. Prints "listening PORT" once bound; SIGTERM shuts it
// down gracefully.
// Usage: InteropServer PORT [CERT.pem KEY.pem]  (with a certificate, TLS with ALPN h2)
let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 0 : 0
let tls = arguments.count > 3
    ? try TLSContext(server: .init(certificateChainFile: arguments[2], privateKeyFile: arguments[3]))
    : nil
let server = RPCServer(
    configuration: .init(host: "127.0.0.1", port: port, tls: tls),
    services: [InteropServiceImpl()]
)
let address = try await server.start()
FileHandle.standardOutput.write(Data("listening \(address.port!)\n".utf8))

signal(SIGTERM, SIG_IGN)
let (terminated, terminate) = AsyncStream<Void>.makeStream()
let signals = DispatchSource.makeSignalSource(signal: SIGTERM)
signals.setEventHandler { terminate.yield() }
signals.resume()
for await _ in terminated { break }
await server.shutdown(grace: .seconds(5))
