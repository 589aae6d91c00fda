import API
import Foundation
import GatewayCore
import RPC
import Wire

/// Feeds arbitrary bytes to the gateway's request handling: credentials
/// and request inspection. The first byte picks what the rest is (a Mode);
/// bytes with no mode are ignored.
/// Nothing may crash or leak (every EVP_PKEY and EVP_MD_CTX is freed), and
/// what parses must keep the properties checked below.
enum Mode: UInt8 {
    /// `authorization` NUL `x-api-key` (no NUL: authorization only; a leading NUL: x-api-key only).
    case metadata = 0
    /// A compact JWT, split and decoded, then its payload read as claims.
    case compactJWT = 1
    /// A compact JWT verified against verifier at now.
    case verify = 2
    /// A JWKS document.
    case jwks = 3
    /// A claims set, read and mapped to a credential at now.
    case claims = 4
    /// A HandleTurnRequest encoding, inspected, compared with what the planner decodes, and decided.
    case handleTurn = 5
    /// Any routed request type (picked by the next byte), inspected and decided.
    case anyRequest = 6
}

/// Every request type the gateway routes, with the inspector it uses.
let bindings = PlannerV1.Planner.bindings + RouterV1.Router.bindings + HandoffV1.Handoff.bindings
    + SignalsV1.Signals.bindings + AuditV1.Audit.bindings
let inspector = try! RequestInspector(
    catalog: MessageCatalog(files: APIDescriptors.files.map { Array(Data(base64Encoded: $0.descriptorBase64)!) }),
    requestTypes: bindings.map(\.requestName))
let caller = Credential(tenant: "acme", role: .agent, subject: "agent-7", kind: .apiKey, id: "fuzz")

/// Inspects `bytes` as `binding`'s request: every claim must sit at a path
/// the plan names, and the access decision must be consistent with them.
@discardableResult
func inspectAndDecide(_ bytes: [UInt8], _ binding: MethodBinding) -> RequestClaims? {
    guard let claims = try? inspector.inspect(bytes[...], as: binding.requestName) else { return nil }
    for target in RequestClaims.Target.allCases {
        let paths = Set(inspector.paths(of: target, in: binding.requestName))
        for claim in claims[target] where !paths.contains(claim.path) {
            fatalError("claim at \(claim.path) is not a \(target) path of \(binding.requestName)")
        }
    }
    let rule = MethodRule([.agent], agentsOnlyOnAssigned: true)
    if case .allow = AccessDecision.decide(caller, path: binding.descriptor.path, rule: rule, claims: claims) {
        // Allowed: every tenant named is the caller's (or empty), and so is every agent.
        guard claims[RequestClaims.Target.tenant].allSatisfy({ $0.value.isEmpty || $0.value == "acme" }),
              claims[RequestClaims.Target.tenant].contains(where: { $0.value == "acme" }),
              claims[RequestClaims.Target.agent].allSatisfy({ $0.value == "agent-7" }) else {
            fatalError("allowed a request naming another tenant or agent: \(claims)")
        }
    }
    return claims
}

/// The keys of Tests/GatewayCoreTests/Fixtures/JWT/jwks.json (two of them,
/// and an RSA key to skip), so the fixture tokens seed the verify mode.
let jwksDocument = """
{"keys":[{"kty":"EC","crv":"P-256","kid":"ec-1","alg":"ES256","x":"NQkcSrFGGYlCLWQa4onwGu64-w8UvYKhmVeEZ7bT3RE","y":"XWcKwHCi64MHPGPRt8er3XZgrK1GcpWfxaKPpMkdalI"},
{"kty":"OKP","crv":"Ed25519","kid":"ed-1","x":"As3hIpRnH4210EbAfdHpb1gkcZop25qTlOH2KF8ILBM"},{"kty":"RSA","kid":"rsa-1","n":"AQAB","e":"AQAB"}]}
"""
let verifier = JWTVerifier(keys: try! JWKS(json: Array(jwksDocument.utf8)), issuer: "https://idp.baton.test/",
                           audience: "baton-gateway")
/// The instant the fixture tokens were made for.
let now = Date(timeIntervalSince1970: 1_800_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0, let mode = Mode(rawValue: data[0]) else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let text = String(decoding: bytes, as: UTF8.self)
    switch mode {
    case .metadata:
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        let authorization = parts[0].isEmpty ? [] : [String(decoding: parts[0], as: UTF8.self)]
        let apiKey = parts.count > 1 ? [String(decoding: parts[1], as: UTF8.self)] : []
        switch try? PresentedCredential(authorization: authorization, apiKey: apiKey) {
        case .apiKey(let key):
            guard APIKeyToken(presented: key.presented) == key else { fatalError("API key \(key) does not read back") }
        case .jwt(let token):
            guard (try? PresentedCredential(authorization: ["Bearer " + token], apiKey: [])) == .jwt(token),
                  token.utf8.count <= PresentedCredential.maxValueSize else { fatalError("JWT \(token) does not read back") }
        case nil:
            break
        }
    case .compactJWT:
        if let jwt = try? CompactJWT(parsing: text, maxSize: JWTVerifier.defaultMaxTokenSize) {
            guard text.utf8.starts(with: jwt.signingInput) else { fatalError("signing input is not a prefix of \(text)") }
            _ = try? JWTClaims(json: jwt.payload)
        }
    case .verify:
        if let credential = try? verifier.verify(text, now: now) {
            guard credential.kind == .jwt, !credential.tenant.isEmpty, !credential.subject.isEmpty else {
                fatalError("\(text) verified to \(credential)")
            }
        }
    case .jwks:
        if let jwks = try? JWKS(json: bytes) {
            guard !jwks.keys.isEmpty, Set(jwks.keys.map(\.keyID)).count == jwks.keys.count else {
                fatalError("JWKS with no key or a repeated kid: \(text)")
            }
        }
    case .claims:
        if let claims = try? JWTClaims(json: bytes) { _ = try? verifier.credential(from: claims, now: now) }
    case .handleTurn:
        let binding = PlannerV1.Planner.bindings[0]
        let claims = inspectAndDecide(bytes, binding)
        // What the planner will read must be among what the gateway checked: a tenant the service sees but the
        // gateway missed would let one tenant act in another's name.
        if let decoded = try? PlannerV1.HandleTurnRequest(serializedBytes: bytes) {
            guard let claims else { break }  // refusing what the service would accept is safe
            if !decoded.tenantID.isEmpty,
               !claims[RequestClaims.Target.tenant].contains(RequestClaims.Value(path: "tenant_id", value: decoded.tenantID)) {
                fatalError("the planner reads tenant_id \(decoded.tenantID), the gateway saw \(claims[RequestClaims.Target.tenant])")
            }
            if let nested = decoded.conversation?.tenantID, !nested.isEmpty,
               !claims[RequestClaims.Target.tenant].contains(RequestClaims.Value(path: "conversation.tenant_id", value: nested)) {
                fatalError("the planner reads conversation.tenant_id \(nested), the gateway saw \(claims[RequestClaims.Target.tenant])")
            }
        }
    case .anyRequest:
        guard let pick = bytes.first else { break }
        inspectAndDecide(Array(bytes.dropFirst()), bindings[Int(pick) % bindings.count])
    }
    return 0
}
