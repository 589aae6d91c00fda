import API
import Foundation
import GatewayCore
import Logging
import RPC
import Wire

/// `baton.gateway.v1.Keys` over the `gateway` schema: validates requests,
/// generates tokens (GatewayCore's ``APIKeyToken``), writes through
/// ``APIKeyStore`` and maps outcomes to statuses. Who may call it (an admin
/// key of the same tenant) is the gateway's access layer's to decide.
final class KeysService: GatewayV1.KeysService {
    let store: APIKeyStore
    let logger: Logger

    init(store: APIKeyStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    func createKey(_ request: GatewayV1.CreateKeyRequest, context: ServerContext) async throws -> GatewayV1.CreateKeyResponse {
        try await create(request)
    }

    /// CreateKey, also run by `baton-gateway create-key` (no server, no context).
    func create(_ request: GatewayV1.CreateKeyRequest) async throws -> GatewayV1.CreateKeyResponse {
        let role = try KeysValidation.validate(request, now: Date())
        let token = try Self.newToken()
        // A key of another role speaks for itself when no subject is given.
        let subject = request.subject.isEmpty ? token.prefix : request.subject
        let key = try await store.create(token, tenant: request.tenantID, role: role, subject: subject, name: request.name,
                                         expireTime: request.expireTime?.date)
        logger.info("API key created", metadata: ["tenant": "\(key.tenantID)", "prefix": "\(key.prefix)", "role": "\(role.rawValue)"])
        return .with { $0.key = key; $0.token = token.presented }
    }

    func rotateKey(_ request: GatewayV1.RotateKeyRequest, context: ServerContext) async throws -> GatewayV1.RotateKeyResponse {
        let overlap = try KeysValidation.validate(request, now: Date())
        let token = try Self.newToken()
        switch try await store.rotate(tenant: request.tenantID, prefix: request.prefix, to: token, overlap: overlap,
                                      expireTime: request.expireTime?.date) {
        case .rotated(let new, let previous):
            logger.info("API key rotated", metadata: ["tenant": "\(new.tenantID)", "prefix": "\(new.prefix)",
                                                      "previous": "\(previous.prefix)", "overlap": "\(overlap)"])
            return .with { $0.key = new; $0.token = token.presented; $0.previous = previous }
        case .notFound:
            throw Self.notFound(request.prefix)
        case .alreadyRevoked:
            throw RPCError(.failedPrecondition, "prefix: key \(request.prefix) is revoked or already rotated")
        }
    }

    func revokeKey(_ request: GatewayV1.RevokeKeyRequest, context: ServerContext) async throws -> GatewayV1.RevokeKeyResponse {
        try KeysValidation.validate(request)
        guard let key = try await store.revoke(tenant: request.tenantID, prefix: request.prefix) else {
            throw Self.notFound(request.prefix)
        }
        logger.info("API key revoked", metadata: ["tenant": "\(key.tenantID)", "prefix": "\(key.prefix)"])
        return .with { $0.key = key }
    }

    func listKeys(_ request: GatewayV1.ListKeysRequest, context: ServerContext) async throws -> GatewayV1.ListKeysResponse {
        try KeysValidation.validate(request)
        let keys = try await store.list(tenant: request.tenantID, includeRevoked: request.includeRevoked)
        return .with { $0.keys = keys }
    }

    private static func newToken() throws(RPCError) -> APIKeyToken {
        guard let token = APIKeyToken.generate() else { throw RPCError(.internal, "the random generator failed") }
        return token
    }

    private static func notFound(_ prefix: String) -> RPCError {
        RPCError(.notFound, "prefix: the tenant has no key \(prefix)")
    }
}
