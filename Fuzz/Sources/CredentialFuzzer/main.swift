import Foundation
import GatewayCore

/// Feeds arbitrary bytes to the gateway's credential handling. The first
/// byte picks what the rest is (a Mode); bytes with no mode are ignored,
/// so other gateway inputs (request inspection) can take the next values.
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
    }
    return 0
}
