import Foundation
import InteropService
import RPC
import TestSupport
import Testing
import Wire

/// TLS through OpenSSL between our server and client, with real certificates
/// made by `Tests/Support/make-test-certs`.
@Suite("TLS")
struct TLSTests {
    static let certificates: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("baton-certs-\(UUID().uuidString)").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/make-test-certs").path
        precondition(try! Subprocess.run(script, [dir]).status == 0, "make-test-certs failed")
        return dir
    }()

    static func file(_ name: String) -> String { "\(certificates)/\(name)" }

    static func server(clientCA: String? = nil) async throws -> (RPCServer, Int) {
        let tls = try TLSContext(server: .init(certificateChainFile: file("server.pem"), privateKeyFile: file("server.key"),
                                               clientCAFile: clientCA))
        let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0, tls: tls), services: [InteropServiceImpl()])
        return (server, try await server.start().port!)
    }

    static func client(port: Int, trust: String = "ca.pem", certificate: Bool = false,
                       certificateName: String = "client") throws -> (RPCChannel, InteropV1.InteropClient) {
        let tls = try TLSContext(client: .init(trustedCAFile: file(trust),
                                               certificateChainFile: certificate ? file("\(certificateName).pem") : nil,
                                               privateKeyFile: certificate ? file("\(certificateName).key") : nil))
        let channel = RPCChannel(host: "localhost", port: port,
                                 configuration: .init(backoff: Backoff(initial: .milliseconds(10)), tls: tls))
        return (channel, InteropV1.InteropClient(channel: channel))
    }

    @Test("a call over TLS, large enough to span many records")
    func roundTrip() async throws {
        let (server, port) = try await Self.server()
        let (channel, client) = try Self.client(port: port)
        defer { channel.close() }
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        let response = try await client.unary(.with { $0.text = "secure"; $0.payload = payload })
        #expect(response.text == "secure")
        #expect(response.payload == payload)
        await server.shutdown(grace: .seconds(1))
    }

    @Test("a server certificate from an untrusted CA is refused")
    func untrusted() async throws {
        let (server, port) = try await Self.server()
        let (channel, client) = try Self.client(port: port, trust: "other-ca.pem")
        defer { channel.close() }
        await #expect(throws: RPCError.self) { _ = try await client.unary(InteropV1.EchoRequest()) }
        await server.shutdown(grace: .seconds(1))
    }

    @Test("mutual TLS: a client without a certificate is refused, one with a certificate served")
    func mutual() async throws {
        let (server, port) = try await Self.server(clientCA: Self.file("ca.pem"))
        let (anonymous, anonymousClient) = try Self.client(port: port)
        defer { anonymous.close() }
        await #expect(throws: RPCError.self) { _ = try await anonymousClient.unary(InteropV1.EchoRequest()) }
        let (authenticated, client) = try Self.client(port: port, certificate: true)
        defer { authenticated.close() }
        #expect(try await client.unary(.with { $0.text = "mtls" }).text == "mtls")
        await server.shutdown(grace: .seconds(1))
    }

    @Test("a missing key file is a clear error")
    func missingKey() {
        #expect(throws: TLSContext.Failure.self) {
            _ = try TLSContext(server: .init(certificateChainFile: Self.file("server.pem"), privateKeyFile: "/no/such.key"))
        }
    }

    @Test("an expired server certificate is refused at load, naming the file and why")
    func expiredServerCertificate() throws {
        let failure = try #require(throws: TLSContext.Failure.self) {
            _ = try TLSContext(server: .init(certificateChainFile: Self.file("expired-server.pem"),
                                             privateKeyFile: Self.file("expired-server.key")))
        }
        #expect(failure.description.contains("expired-server.pem"))
        #expect(failure.description.contains("expired"))
    }

    @Test("mutual TLS: a client certificate that has expired is refused")
    func expiredClientCertificate() async throws {
        let (server, port) = try await Self.server(clientCA: Self.file("ca.pem"))
        let (channel, client) = try Self.client(port: port, certificate: true, certificateName: "expired-client")
        defer { channel.close() }
        await #expect(throws: RPCError.self) { _ = try await client.unary(InteropV1.EchoRequest()) }
        await server.shutdown(grace: .seconds(1))
    }

    @Test("a renewed certificate serves new connections; open ones keep theirs")
    func replacedContext() async throws {
        let (server, port) = try await Self.server()
        let (channel, client) = try Self.client(port: port)
        defer { channel.close() }
        #expect(try await client.unary(.with { $0.text = "before" }).text == "before")
        // The renewal comes from a CA the client does not trust: a new connection must see it (and fail),
        // which proves the new context is used; the old connection is unaffected.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("baton-certs-\(UUID().uuidString)").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/make-test-certs").path
        #expect(try Subprocess.run(script, [other]).status == 0)
        server.replaceTLSContext(try TLSContext(server: .init(certificateChainFile: "\(other)/server.pem",
                                                              privateKeyFile: "\(other)/server.key")))
        #expect(try await client.unary(.with { $0.text = "same connection" }).text == "same connection")
        let (fresh, freshClient) = try Self.client(port: port)
        defer { fresh.close() }
        await #expect(throws: RPCError.self) { _ = try await freshClient.unary(InteropV1.EchoRequest()) }
        await server.shutdown(grace: .seconds(1))
    }
}
