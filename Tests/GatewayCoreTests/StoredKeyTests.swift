import Foundation
import GatewayCore
import Testing

/// Accepting or refusing a presented secret against a stored key.
@Suite("Stored keys")
struct StoredKeyTests {
    static let token = APIKeyToken(prefix: "abcdefgh2345", secret: String(repeating: "s", count: 43))
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func key(expire: Date? = nil, revoke: Date? = nil) -> StoredKey {
        StoredKey(prefix: token.prefix, tenant: "acme", role: .agent, subject: "ana", secretHash: token.secretHash,
                  expireTime: expire, revokeTime: revoke)
    }

    @Test("the right secret gives the key's credential")
    func accepted() throws {
        let credential = try Self.key().authenticate(secret: Self.token.secret, now: Self.now).get()
        #expect(credential == Credential(tenant: "acme", role: .agent, subject: "ana", kind: .apiKey, id: "abcdefgh2345"))
    }

    @Test("a wrong secret is an unknown key, even for a revoked or expired key")
    func wrongSecret() {
        let wrong = String(repeating: "x", count: 43)
        for key in [Self.key(), Self.key(revoke: Self.now - 1), Self.key(expire: Self.now - 1)] {
            #expect(key.authenticate(secret: wrong, now: Self.now).failureCode == .unknownKey)
        }
    }

    @Test("revoked from the revoke time on; a revocation still ahead (a rotation's overlap) lets it work")
    func revocation() {
        #expect(Self.key(revoke: Self.now).authenticate(secret: Self.token.secret, now: Self.now).failureCode == .revoked)
        #expect(Self.key(revoke: Self.now + 60).authenticate(secret: Self.token.secret, now: Self.now).failureCode == nil)
        // Revoked and expired: revoked is the stronger statement.
        #expect(Self.key(expire: Self.now - 5, revoke: Self.now - 1)
            .authenticate(secret: Self.token.secret, now: Self.now).failureCode == .revoked)
    }

    @Test("expired from the expire time on")
    func expiry() {
        #expect(Self.key(expire: Self.now).authenticate(secret: Self.token.secret, now: Self.now).failureCode == .expired)
        #expect(Self.key(expire: Self.now + 1).authenticate(secret: Self.token.secret, now: Self.now).failureCode == nil)
    }
}

extension Result where Failure == CredentialError {
    /// The refusal's code; nil when accepted.
    var failureCode: CredentialError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
