@testable import GatewayCore
import Testing

@Suite struct AccessDecisionTests {
    let bot = Credential(tenant: "acme", role: .bot, subject: "bot-1", kind: .apiKey, id: "aaaabbbbcccc")
    let agent = Credential(tenant: "acme", role: .agent, subject: "agent-7", kind: .jwt, id: "jwt:agent-7")
    let auditor = Credential(tenant: "acme", role: .auditor, subject: "aud-1", kind: .apiKey, id: "ddddeeeeffff")

    func claims(_ values: [(RequestClaims.Target, String, String)]) -> RequestClaims {
        var claims = RequestClaims()
        for (target, path, value) in values { claims.append(.init(path: path, value: value), for: target) }
        return claims
    }

    @Test func aRoleOutsideTheRuleIsDenied() {
        let decision = AccessDecision.decide(bot, path: "/p.P/PublishPolicy", rule: MethodRule([.admin]),
                                             claims: claims([(.tenant, "tenant_id", "acme")]))
        #expect(decision == .permissionDenied("role bot may not call /p.P/PublishPolicy"))
        let internalOnly = AccessDecision.decide(bot, path: "/r.R/Enqueue", rule: MethodRule([]),
                                                 claims: claims([(.tenant, "tenant_id", "acme")]))
        #expect(internalOnly == .permissionDenied("/r.R/Enqueue is called only by Baton's own services"))
    }

    @Test func theTenantMustBeTheCredentials() {
        let rule = MethodRule([.bot])
        #expect(AccessDecision.decide(bot, path: "/p", rule: rule, claims: claims([(.tenant, "tenant_id", "acme")]))
                == .allow(escalationsToCheck: [], packagesToCheck: []))
        #expect(AccessDecision.decide(bot, path: "/p", rule: rule, claims: claims([(.tenant, "tenant_id", "globex")]))
                == .permissionDenied("tenant_id \"globex\" is not the credential's tenant"))
        // A nested tenant naming another tenant is refused even when the top level is right.
        #expect(AccessDecision.decide(bot, path: "/p", rule: rule,
                                      claims: claims([(.tenant, "tenant_id", "acme"), (.tenant, "conversation.tenant_id", "globex")]))
                == .permissionDenied("conversation.tenant_id \"globex\" is not the credential's tenant"))
        // An empty nested tenant is "the request's".
        #expect(AccessDecision.decide(bot, path: "/p", rule: rule,
                                      claims: claims([(.tenant, "tenant_id", "acme"), (.tenant, "conversation.tenant_id", "")]))
                == .allow(escalationsToCheck: [], packagesToCheck: []))
        #expect(AccessDecision.decide(bot, path: "/p", rule: rule, claims: claims([(.tenant, "tenant_id", "")]))
                == .invalidArgument("tenant_id is required"))
        #expect(AccessDecision.decide(bot, path: "/p", rule: rule, claims: RequestClaims())
                == .invalidArgument("tenant_id is required"))
    }

    @Test func anAgentActsOnlyAsItself() {
        let rule = MethodRule([.agent])
        #expect(AccessDecision.decide(agent, path: "/r.R/Accept", rule: rule,
                                      claims: claims([(.tenant, "tenant_id", "acme"), (.agent, "agent_id", "agent-7")]))
                == .allow(escalationsToCheck: [], packagesToCheck: []))
        #expect(AccessDecision.decide(agent, path: "/r.R/Accept", rule: rule,
                                      claims: claims([(.tenant, "tenant_id", "acme"), (.agent, "agent_id", "agent-8")]))
                == .permissionDenied("agent_id \"agent-8\" is not the calling agent"))
    }

    @Test func principalsMustBeTheCaller() {
        let supervisor = Credential(tenant: "acme", role: .supervisor, subject: "sup-1", kind: .apiKey, id: "k")
        let rule = MethodRule([.supervisor])
        let base: [(RequestClaims.Target, String, String)] = [(.tenant, "tenant_id", "acme")]
        #expect(AccessDecision.decide(supervisor, path: "/p", rule: rule,
                                      claims: claims(base + [(.principalKind, "approver.kind", "3"), (.principalID, "approver.principal_id", "sup-1")]))
                == .allow(escalationsToCheck: [], packagesToCheck: []))
        #expect(AccessDecision.decide(supervisor, path: "/p", rule: rule,
                                      claims: claims(base + [(.principalID, "approver.principal_id", "sup-2")]))
                == .permissionDenied("approver.principal_id \"sup-2\" is not the caller"))
        #expect(AccessDecision.decide(supervisor, path: "/p", rule: rule,
                                      claims: claims(base + [(.principalKind, "approver.kind", "4")]))
                == .permissionDenied("approver.kind does not match the caller's role supervisor"))
        // An auditor may name no principal kind at all.
        #expect(AccessDecision.decide(auditor, path: "/p", rule: MethodRule([.auditor]),
                                      claims: claims(base + [(.principalKind, "caller_kind", "2")]))
                == .permissionDenied("caller_kind does not match the caller's role auditor"))
        // Unspecified (0) is not a claim.
        #expect(AccessDecision.decide(auditor, path: "/p", rule: MethodRule([.auditor]),
                                      claims: claims(base + [(.principalKind, "caller_kind", "0")]))
                == .allow(escalationsToCheck: [], packagesToCheck: []))
    }

    @Test func agentsOnAssignedOnlyMethodsNameTheirEscalations() {
        let rule = MethodRule([.agent, .supervisor], agentsOnlyOnAssigned: true)
        let base: [(RequestClaims.Target, String, String)] = [(.tenant, "tenant_id", "acme")]
        #expect(AccessDecision.decide(agent, path: "/h.H/Get", rule: rule,
                                      claims: claims(base + [(.escalation, "escalation_id", "e-2"), (.escalation, "escalation_id", "e-1")]))
                == .allow(escalationsToCheck: ["e-1", "e-2"], packagesToCheck: []))
        #expect(AccessDecision.decide(agent, path: "/h.H/Feedback", rule: rule,
                                      claims: claims(base + [(.package, "package_id", "p-1")]))
                == .allow(escalationsToCheck: [], packagesToCheck: ["p-1"]))
        #expect(AccessDecision.decide(agent, path: "/h.H/Get", rule: rule, claims: claims(base))
                == .allow(escalationsToCheck: [], packagesToCheck: []))
        let supervisor = Credential(tenant: "acme", role: .supervisor, subject: "sup-1", kind: .apiKey, id: "k")
        #expect(AccessDecision.decide(supervisor, path: "/h.H/Get", rule: rule, claims: claims(base))
                == .allow(escalationsToCheck: [], packagesToCheck: []))
    }
}
