import API
@testable import baton_gateway
import Foundation
import GatewayCore
import RPC
import Synchronization
import TestSupport
import Testing
import Wire

/// The built `batonctl keys ...` against a Keys service on a loopback port,
/// which records the `authorization` metadata of every call.
@Suite("batonctl keys", .serialized)
struct BatonctlKeysTests {
    /// The Keys service, noting each call's `authorization`.
    final class RecordingKeys: GatewayV1.KeysService {
        let keys: KeysService
        let authorizations = Mutex<[String?]>([])

        init(_ keys: KeysService) { self.keys = keys }

        private func note(_ context: ServerContext) { authorizations.withLock { $0.append(context.metadata["authorization"]) } }

        func createKey(_ request: GatewayV1.CreateKeyRequest, context: ServerContext) async throws -> GatewayV1.CreateKeyResponse {
            note(context)
            return try await keys.createKey(request, context: context)
        }

        func rotateKey(_ request: GatewayV1.RotateKeyRequest, context: ServerContext) async throws -> GatewayV1.RotateKeyResponse {
            note(context)
            return try await keys.rotateKey(request, context: context)
        }

        func revokeKey(_ request: GatewayV1.RevokeKeyRequest, context: ServerContext) async throws -> GatewayV1.RevokeKeyResponse {
            note(context)
            return try await keys.revokeKey(request, context: context)
        }

        func listKeys(_ request: GatewayV1.ListKeysRequest, context: ServerContext) async throws -> GatewayV1.ListKeysResponse {
            note(context)
            return try await keys.listKeys(request, context: context)
        }
    }

    @Test("create, rotate, revoke and list, each call carrying the key from --api-key or BATON_API_KEY")
    func verbs() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let recording = RecordingKeys(KeysService(store: APIKeyStore(pool: pool), logger: GatewayDatabase.logger))
        let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0), services: [recording])
        let address = try await server.start()
        let batonctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("batonctl").path
        let tenant = GatewayDatabase.tenant()
        let admin = "bk_aaaaaaaaaaaa_" + String(repeating: "A", count: 43)
        func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Subprocess.Result {
            try await Subprocess.runDetached(batonctl, ["keys"] + arguments + ["--gateway", "127.0.0.1:\(address.port!)", "--tenant", tenant],
                                            environment: environment)
        }

        let created = try await run(["create", "--role", "agent", "--subject", "ana", "--name", "desk", "--api-key", admin])
        #expect(created.status == 0)
        let token = try #require(APIKeyToken(presented: created.text.trimmingCharacters(in: .newlines)), "\(created.text)")
        let rotated = try await run(["rotate", "--prefix", token.prefix, "--overlap", "60"], environment: ["BATON_API_KEY": admin])
        #expect(rotated.status == 0)
        let successor = try #require(APIKeyToken(presented: rotated.text.trimmingCharacters(in: .newlines)), "\(rotated.text)")
        let listed = try await run(["list", "--api-key", admin])
        #expect(listed.status == 0)
        let lines = listed.text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.contains { $0.hasPrefix("\(successor.prefix)  agent  subject=ana") && $0.contains("rotated-from=\(token.prefix)") })
        #expect(lines.contains { $0.hasPrefix("\(token.prefix)  agent  subject=ana") && $0.contains("revoked=") })
        #expect(!listed.text.contains(token.secret) && !listed.text.contains(successor.secret))
        let revoked = try await run(["revoke", "--prefix", successor.prefix], environment: ["BATON_API_KEY": admin])
        #expect(revoked.status == 0 && revoked.text.hasPrefix("revoked \(successor.prefix)"))
        // Without a key, calls carry no authorization.
        let anonymous = try await run(["list", "--include-revoked"])
        #expect(anonymous.text.split(separator: "\n").count == 2)
        let unknown = try await run(["revoke", "--prefix", "zzzzzzzzzzzz"])
        #expect(unknown.status != 0)

        #expect(recording.authorizations.withLock { $0 } == Array(repeating: "Bearer \(admin)", count: 4) + [nil, nil])
        await server.shutdown(grace: .seconds(1))
    }
}
