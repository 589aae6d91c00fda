import API
@testable import baton_gateway
import Foundation
import GatewayCore
import RPC
import Testing
import Wire

/// `baton.gateway.v1.Keys` over a real server and client: statuses and the
/// fields they name, and the token shown once.
@Suite("Keys service", .serialized)
struct KeysServiceTests {
    /// Runs `body` with a client of a Keys service on a loopback port.
    static func withService(_ body: (GatewayV1.KeysClient) async throws -> Void) async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0),
                               services: [KeysService(store: APIKeyStore(pool: pool), logger: GatewayDatabase.logger)])
        let address = try await server.start()
        let channel = RPCChannel(host: "127.0.0.1", port: address.port!)
        do {
            try await body(GatewayV1.KeysClient(channel: channel))
        } catch {
            channel.close()
            await server.shutdown(grace: .seconds(1))
            throw error
        }
        channel.close()
        await server.shutdown(grace: .seconds(1))
    }

    /// The status `call` fails with; nil if it succeeds.
    static func status(_ call: () async throws -> Void) async -> (StatusCode, String)? {
        do {
            try await call()
            return nil
        } catch let error as RPCError {
            return (error.code, error.message)
        } catch {
            return (.unknown, "\(error)")
        }
    }

    @Test("create, rotate, revoke and list through the wire")
    func lifecycle() async throws {
        try await Self.withService { client in
            let tenant = GatewayDatabase.tenant()
            let created = try await client.createKey(.with { $0.tenantID = tenant; $0.role = .bot; $0.name = "ci" })
            let token = try #require(APIKeyToken(presented: created.token))
            #expect(created.key?.prefix == token.prefix)
            // Without a subject a bot key speaks for itself.
            #expect(created.key?.subject == token.prefix)
            let rotated = try await client.rotateKey(.with {
                $0.tenantID = tenant
                $0.prefix = token.prefix
                $0.overlap = GoogleProtobuf.Duration(timeInterval: 60)
            })
            #expect(rotated.previous?.prefix == token.prefix && rotated.key?.rotatedFrom == token.prefix)
            #expect(APIKeyToken(presented: rotated.token)?.prefix == rotated.key?.prefix)
            let listed = try await client.listKeys(.with { $0.tenantID = tenant })
            #expect(Set(listed.keys.map(\.prefix)) == [token.prefix, rotated.key!.prefix])
            let revoked = try await client.revokeKey(.with { $0.tenantID = tenant; $0.prefix = token.prefix })
            #expect(revoked.key?.revokeTime != nil)
            #expect(try await client.listKeys(.with { $0.tenantID = tenant }).keys.map(\.prefix) == [rotated.key!.prefix])
            #expect(try await client.listKeys(.with { $0.tenantID = tenant; $0.includeRevoked = true }).keys.count == 2)
        }
    }

    @Test("bad requests get INVALID_ARGUMENT naming the field; unknown keys NOT_FOUND; a revoked key cannot be rotated")
    func errors() async throws {
        try await Self.withService { client in
            let tenant = GatewayDatabase.tenant()
            let invalid: [(String, () async throws -> Void)] = [
                ("tenant_id", { _ = try await client.createKey(.with { $0.role = .bot }) }),
                ("tenant_id", { _ = try await client.createKey(.with { $0.tenantID = "a\tb"; $0.role = .bot }) }),
                ("role", { _ = try await client.createKey(.with { $0.tenantID = tenant }) }),
                ("role", { _ = try await client.createKey(.with { $0.tenantID = tenant; $0.role = .unrecognized(42) }) }),
                ("subject", { _ = try await client.createKey(.with { $0.tenantID = tenant; $0.role = .agent }) }),
                ("name", { _ = try await client.createKey(.with {
                    $0.tenantID = tenant; $0.role = .bot; $0.name = String(repeating: "n", count: 201)
                }) }),
                ("expire_time", { _ = try await client.createKey(.with {
                    $0.tenantID = tenant; $0.role = .bot; $0.expireTime = GoogleProtobuf.Timestamp(date: Date() - 1)
                }) }),
                ("prefix", { _ = try await client.revokeKey(.with { $0.tenantID = tenant }) }),
                ("prefix", { _ = try await client.revokeKey(.with { $0.tenantID = tenant; $0.prefix = "ABC" }) }),
                ("tenant_id", { _ = try await client.revokeKey(.with { $0.prefix = "abcdefghijkl" }) }),
                ("overlap", { _ = try await client.rotateKey(.with {
                    $0.tenantID = tenant; $0.prefix = "abcdefghijkl"; $0.overlap = GoogleProtobuf.Duration(timeInterval: -1)
                }) }),
                ("overlap", { _ = try await client.rotateKey(.with {
                    $0.tenantID = tenant; $0.prefix = "abcdefghijkl"; $0.overlap = GoogleProtobuf.Duration(timeInterval: 31 * 86_400)
                }) }),
                ("tenant_id", { _ = try await client.listKeys(.init()) }),
            ]
            for (field, call) in invalid {
                let status = await Self.status(call)
                #expect(status?.0 == .invalidArgument, "\(field): \(String(describing: status))")
                #expect(status?.1.contains(field) == true, "\(field): \(String(describing: status))")
            }
            #expect(try await client.listKeys(.with { $0.tenantID = tenant; $0.includeRevoked = true }).keys.isEmpty)

            // Another tenant's key is not found, for every method that names one.
            let other = try await client.createKey(.with { $0.tenantID = GatewayDatabase.tenant(); $0.role = .bot })
            let prefix = other.key!.prefix
            for call in [{ _ = try await client.revokeKey(.with { $0.tenantID = tenant; $0.prefix = prefix }) },
                         { _ = try await client.rotateKey(.with { $0.tenantID = tenant; $0.prefix = prefix }) }] {
                let status = await Self.status(call)
                #expect(status?.0 == .notFound && status?.1.contains("prefix") == true, "\(String(describing: status))")
            }
            _ = try await client.revokeKey(.with { $0.tenantID = other.key!.tenantID; $0.prefix = prefix })
            let rotateRevoked = await Self.status { _ = try await client.rotateKey(.with { $0.tenantID = other.key!.tenantID; $0.prefix = prefix }) }
            #expect(rotateRevoked?.0 == .failedPrecondition)
        }
    }
}
