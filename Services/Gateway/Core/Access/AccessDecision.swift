/// What the gateway does with an authenticated call, decided from the
/// credential, the method's rule and the request's claims.
public enum AccessDecision: Sendable, Hashable {
    /// Forward it. For agents on assigned-only methods, the escalations (and
    /// the packages, by their escalation) the gateway must first confirm are
    /// assigned to the caller; empty otherwise.
    case allow(escalationsToCheck: [String], packagesToCheck: [String])
    /// Refuse with PERMISSION_DENIED and this message (logged, never forwarded).
    case permissionDenied(String)
    /// Refuse with INVALID_ARGUMENT naming the field (the request cannot be checked).
    case invalidArgument(String)

    /// Decides a call to `path` under `rule` by `credential`, whose request says `claims`.
    public static func decide(_ credential: Credential, path: String, rule: MethodRule,
                              claims: RequestClaims) -> AccessDecision {
        guard rule.roles.contains(credential.role) else {
            if rule.roles.isEmpty {
                return .permissionDenied("\(path) is called only by Baton's own services")
            }
            return .permissionDenied("role \(credential.role.rawValue) may not call \(path)")
        }
        let tenants = claims[.tenant]
        guard !tenants.isEmpty, tenants.contains(where: { !$0.value.isEmpty }) else {
            return .invalidArgument("tenant_id is required")
        }
        // An empty nested tenant means "the request's" (as the services read it); any other must match.
        for claim in tenants where !claim.value.isEmpty && claim.value != credential.tenant {
            return .permissionDenied("\(claim.path) \"\(claim.value)\" is not the credential's tenant")
        }
        if credential.role == .agent {
            for claim in claims[.agent] where claim.value != credential.subject {
                return .permissionDenied("\(claim.path) \"\(claim.value)\" is not the calling agent")
            }
        }
        for claim in claims[.principalKind] where claim.value != "0" {
            guard let kind = credential.role.principalKind, claim.value == String(kind) else {
                return .permissionDenied("\(claim.path) does not match the caller's role \(credential.role.rawValue)")
            }
        }
        for claim in claims[.principalID] where !claim.value.isEmpty && claim.value != credential.subject {
            return .permissionDenied("\(claim.path) \"\(claim.value)\" is not the caller")
        }
        if credential.role == .agent && rule.agentsOnlyOnAssigned {
            let escalations = Set(claims[.escalation].map(\.value).filter { !$0.isEmpty })
            let packages = Set(claims[.package].map(\.value).filter { !$0.isEmpty })
            // Naming none reaches nothing: the service answers INVALID_ARGUMENT for the missing id itself.
            return .allow(escalationsToCheck: escalations.sorted(), packagesToCheck: packages.sorted())
        }
        return .allow(escalationsToCheck: [], packagesToCheck: [])
    }
}
