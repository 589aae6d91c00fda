import GatewayCore
import Logging
import NIOCore
import RPC

/// Everything the gateway checks before it forwards a call, in order:
/// the credential (UNAUTHENTICATED), the role's scope and the request's own
/// claims (PERMISSION_DENIED, INVALID_ARGUMENT), the assignment of the
/// escalations an agent names, and the rate limits (RESOURCE_EXHAUSTED).
/// Refusals are logged with the caller and the reason.
struct CallAdmission: Sendable {
    /// Nil when authentication is off (a plain proxy).
    let authenticator: (any Authenticating)?
    let inspector: RequestInspector
    let limiter: RateLimiter
    let assignments: AssignmentLookup?
    let logger: Logger

    /// Admits a call to `binding` with `request` (binary); returns the caller, or nil when authentication is off.
    func admit(_ binding: MethodBinding, rule: MethodRule, request: ByteBuffer,
               context: ServerContext) async throws(RPCError) -> Credential? {
        guard let authenticator else { return nil }
        let credential: Credential
        switch await authenticator.authenticate(context.metadata) {
        case .success(let verified): credential = verified
        case .failure(let error):
            refuse(context, reason: error.description)
            throw RPCError(error.code == .uncheckable ? .unavailable : .unauthenticated, error.message)
        }
        let claims: RequestClaims
        do {
            claims = try request.withUnsafeReadableBytes { bytes throws(InspectionError) in
                try inspector.inspect(Array(bytes)[...], as: binding.requestName)
            }
        } catch {
            throw RPCError(.invalidArgument, error.message)
        }
        switch AccessDecision.decide(credential, path: binding.descriptor.path, rule: rule, claims: claims) {
        case .permissionDenied(let message):
            refuse(context, credential: credential, reason: message)
            throw RPCError(.permissionDenied, message)
        case .invalidArgument(let message):
            throw RPCError(.invalidArgument, message)
        case .allow(let escalations, let packages):
            try await checkAssigned(escalations, packages: packages, credential: credential, context: context)
        }
        switch limiter.admit(credential: credential.id, tenant: credential.tenant) {
        case .admitted:
            return credential
        case .credentialLimited(let retryAfter):
            throw limited("this credential is over its rate limit", retryAfter: retryAfter)
        case .tenantLimited(let retryAfter):
            throw limited("tenant \(credential.tenant) is over its rate limit", retryAfter: retryAfter)
        }
    }

    private func checkAssigned(_ escalations: [String], packages: [String], credential: Credential,
                               context: ServerContext) async throws(RPCError) {
        guard !escalations.isEmpty || !packages.isEmpty else { return }
        guard let assignments else {
            throw RPCError(.unavailable, "the gateway has no router address to check assignments (BATON_ROUTER_ADDR)")
        }
        for package in packages {
            let escalation: String?
            do {
                escalation = try await assignments.escalation(ofPackage: package, tenant: credential.tenant)
            } catch let error as RPCError {
                throw RPCError(error.code == .deadlineExceeded ? .deadlineExceeded : .unavailable,
                               "cannot find the package's escalation: \(error.message)")
            } catch {
                throw RPCError(.unavailable, "cannot find the package's escalation: \(error)")
            }
            guard let escalation else {
                let message = "package_id \"\(package)\" is not a package of an escalation assigned to agent \(credential.subject)"
                refuse(context, credential: credential, reason: message)
                throw RPCError(.permissionDenied, message)
            }
            try await checkAssigned([escalation], packages: [], credential: credential, context: context)
        }
        for escalation in escalations {
            let assigned: Bool
            do {
                assigned = try await assignments.isAssigned(tenant: credential.tenant, escalation: escalation,
                                                            agent: credential.subject)
            } catch let error as RPCError {
                throw RPCError(error.code == .deadlineExceeded ? .deadlineExceeded : .unavailable,
                               "cannot check the escalation's assignment: \(error.message)")
            } catch {
                throw RPCError(.unavailable, "cannot check the escalation's assignment: \(error)")
            }
            guard assigned else {
                let message = "escalation_id \"\(escalation)\" is not assigned to agent \(credential.subject)"
                refuse(context, credential: credential, reason: message)
                throw RPCError(.permissionDenied, message)
            }
        }
    }

    private func limited(_ message: String, retryAfter: Double) -> RPCError {
        let milliseconds = Int((retryAfter * 1000).rounded(.up))
        let message = "\(message); retry in \(milliseconds) ms"
        var metadata = Metadata()
        metadata.add("retry-after-ms", String(milliseconds))
        // The Status's message must be grpc-message itself: clients (grpcio-status) refuse details that differ.
        metadata.add("grpc-status-details-bin",
                     binary: RetryInfo.statusDetails(code: Int32(StatusCode.resourceExhausted.rawValue), message: message,
                                                     retryAfter: retryAfter))
        return RPCError(.resourceExhausted, message, metadata: metadata)
    }

    private func refuse(_ context: ServerContext, credential: Credential? = nil, reason: String) {
        var metadata: Logger.Metadata = ["peer": "\(context.peer)", "reason": "\(reason)"]
        if let credential {
            metadata["principal"] = "\(credential.role.rawValue):\(credential.subject)"
            metadata["credential"] = "\(credential.id)"
            metadata["tenant"] = "\(credential.tenant)"
        }
        context.logger.warning("refused", metadata: metadata)
    }
}
