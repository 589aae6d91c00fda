import Foundation
import GatewayCore
import RPC

/// The gateway's authentication: the call's `authorization` (Bearer API key
/// or JWT) or `x-api-key` metadata, read by ``PresentedCredential``; API keys
/// checked against the key directory (Postgres, cached, revocations pushed),
/// JWTs against the JWKS file.
struct Authenticator: Authenticating {
    /// The API keys.
    let keys: KeyDirectory
    /// The JWT verifier; nil when no JWKS is configured (API keys only).
    let jwks: JWKSFile?

    func authenticate(_ metadata: Metadata) async -> Result<Credential, CredentialError> {
        let presented: PresentedCredential
        do {
            presented = try PresentedCredential(authorization: metadata.values("authorization"),
                                                apiKey: metadata.values("x-api-key"))
        } catch {
            return .failure(error)
        }
        switch presented {
        case .apiKey(let token):
            return await keys.authenticate(token)
        case .jwt(let token):
            guard let jwks else {
                return .failure(CredentialError(.malformed, "this gateway accepts API keys only (no JWKS is configured)"))
            }
            do {
                return .success(try jwks.verifier.verify(token, now: Date()))
            } catch {
                return .failure(error)
            }
        }
    }
}
