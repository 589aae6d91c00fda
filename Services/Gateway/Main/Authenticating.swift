import GatewayCore
import RPC

/// Verifies the credential a call presents in its metadata.
protocol Authenticating: Sendable {
    /// The verified credential, or why the call is UNAUTHENTICATED.
    func authenticate(_ metadata: Metadata) async -> Result<Credential, CredentialError>
}
