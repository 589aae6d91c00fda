import Foundation
import Testing
@testable import GatewayCore

/// Tokens signed by a foreign implementation (Tools/jwt-fixtures, Go's
/// standard library), verified at the instant they were made for.
@Suite struct JWTVerifierTests {
    enum Outcome: Sendable {
        case accepted(Credential)
        /// Refused with this code, the message containing the fragment.
        case refused(CredentialError.Code, String)
    }

    static let agent = Credential(tenant: "acme", role: .agent, subject: "agent-7", kind: .jwt, id: "tok-1")

    /// What each fixture token must come to.
    static let expected: [String: Outcome] = [
        "valid-es256": .accepted(agent),
        "valid-es256-second-key": .accepted(Credential(tenant: "acme", role: .bot, subject: "bot-1", kind: .jwt, id: "jwt:bot-1")),
        "valid-eddsa": .accepted(agent),
        "valid-es256-high-s": .accepted(agent),
        "eddsa-without-kid": .accepted(agent),
        "es256-without-kid": .refused(.unknownSigningKey, "no kid and 2 keys are ES256"),
        "expired": .refused(.expired, "exp"),
        "expired-within-skew": .accepted(agent),
        "not-yet-valid": .refused(.notYetValid, "nbf"),
        "not-yet-valid-within-skew": .accepted(agent),
        "wrong-issuer": .refused(.wrongIssuer, "iss \"https://evil.test/\""),
        "missing-issuer": .refused(.wrongIssuer, "iss is missing"),
        "wrong-audience": .refused(.wrongAudience, "aud"),
        "audience-array-containing": .accepted(agent),
        "audience-array-without": .refused(.wrongAudience, "aud"),
        "tampered-payload": .refused(.badSignature, "signature does not verify with key \"ec-1\""),
        "tampered-signature-es256": .refused(.badSignature, "signature does not verify"),
        "tampered-signature-eddsa": .refused(.badSignature, "signature does not verify with key \"ed-1\""),
        "es256-der-signature": .refused(.badSignature, "signature does not verify"),
        "signed-by-other-ec-key": .refused(.badSignature, "signature does not verify"),
        "alg-none": .refused(.malformed, "signature is empty"),
        "alg-none-with-signature": .refused(.badSignature, "alg \"none\" is not allowed"),
        "hs256-ec-x-as-secret": .refused(.badSignature, "alg \"HS256\" is not allowed"),
        "rs256-rsa-key": .refused(.badSignature, "alg \"RS256\" is not allowed"),
        "es256-header-on-eddsa-kid": .refused(.badSignature, "ES256 is not the alg of key \"ed-1\""),
        "eddsa-header-on-es256-kid": .refused(.badSignature, "EdDSA is not the alg of key \"ec-1\""),
        "unknown-kid": .refused(.unknownSigningKey, "\"ec-9\""),
        "missing-exp": .refused(.badClaims, "exp is missing"),
        "exp-as-string": .refused(.badClaims, "exp: expected a number"),
        "missing-sub": .refused(.badClaims, "sub"),
        "missing-tenant": .refused(.badClaims, "baton_tenant"),
        "empty-tenant": .refused(.badClaims, "baton_tenant"),
        "missing-role": .refused(.badClaims, "baton_role is missing"),
        "role-not-a-role": .refused(.badClaims, "baton_role \"superuser\" is not a role"),
        "role-not-a-string": .refused(.badClaims, "baton_role"),
        "duplicate-role-claim": .refused(.malformed, "baton_role"),
        "claims-not-an-object": .refused(.malformed, "claims"),
        "header-with-crit": .refused(.malformed, "crit"),
    ]

    @Test func everyFixtureTokenHasAnExpectedOutcome() throws {
        let fixtures = try JWTFixtures.load()
        #expect(Set(fixtures.tokens.keys) == Set(Self.expected.keys))
    }

    @Test(arguments: expected.keys.sorted())
    func fixtureTokenComesToItsOutcome(_ name: String) throws {
        let fixtures = try JWTFixtures.load()
        let token = try #require(fixtures.tokens[name])
        let verifier = try fixtures.verifier()
        let result = Result { () throws(CredentialError) in try verifier.verify(token, now: fixtures.now) }
        switch try #require(Self.expected[name]) {
        case .accepted(let credential):
            #expect(try result.get() == credential)
        case .refused(let code, let fragment):
            guard case .failure(let error) = result else {
                Issue.record("\(name) was accepted: \(result)")
                return
            }
            #expect(error.code == code, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test func expiryAndNotBeforeAllowTheSkewOnBothSides() throws {
        let fixtures = try JWTFixtures.load()
        let verifier = try fixtures.verifier()
        let valid = try #require(fixtures.tokens["valid-es256"])
        let exp = fixtures.now.addingTimeInterval(3600)
        #expect(throws: Never.self) { try verifier.verify(valid, now: exp.addingTimeInterval(29.9)) }
        #expect(throws: CredentialError(.expired, "JWT expired: exp 1800003600 is before now (1800003630)")) {
            try verifier.verify(valid, now: exp.addingTimeInterval(30))
        }
        let notBefore = try #require(fixtures.tokens["not-yet-valid-within-skew"])   // nbf = now + 29
        #expect(throws: Never.self) { try verifier.verify(notBefore, now: fixtures.now) }
        let strict = try fixtures.verifier(clockSkew: .zero)
        #expect(throws: CredentialError.self) { try strict.verify(notBefore, now: fixtures.now) }
        #expect(throws: Never.self) { try strict.verify(notBefore, now: fixtures.now.addingTimeInterval(29)) }
    }

    /// One verifier (one EVP_PKEY per key) shared by concurrent tasks, as the
    /// gateway's event loops share it: every verification must still come out right.
    @Test func oneVerifierServesConcurrentVerifications() async throws {
        let fixtures = try JWTFixtures.load()
        let verifier = try fixtures.verifier()
        let names = ["valid-es256", "valid-eddsa", "tampered-signature-es256", "tampered-signature-eddsa"]
        let tokens = try names.map { try #require(fixtures.tokens[$0]) }
        let now = fixtures.now
        let accepted = await withTaskGroup(of: [Bool].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<25).flatMap { _ in tokens.map { (try? verifier.verify($0, now: now)) != nil } }
                }
            }
            return await group.reduce(into: [Bool]()) { $0 += $1 }
        }
        #expect(accepted.count == 8 * 25 * 4)
        #expect(accepted == Array(repeating: [true, true, false, false], count: 8 * 25).flatMap { $0 })
    }

    @Test func theClockSkewIsCappedAtFiveMinutes() throws {
        let fixtures = try JWTFixtures.load()
        let lenient = try fixtures.verifier(clockSkew: .seconds(3600))
        #expect(lenient.clockSkew == .seconds(300))
        #expect(try fixtures.verifier(clockSkew: .seconds(-5)).clockSkew == .zero)
        let valid = try #require(fixtures.tokens["valid-es256"])
        let exp = fixtures.now.addingTimeInterval(3600)
        #expect(throws: Never.self) { try lenient.verify(valid, now: exp.addingTimeInterval(299)) }
        let error = #expect(throws: CredentialError.self) { try lenient.verify(valid, now: exp.addingTimeInterval(300)) }
        #expect(error?.code == .expired)
    }

    @Test func aTokenOverTheSizeLimitIsRefusedUnread() throws {
        let fixtures = try JWTFixtures.load()
        let valid = try #require(fixtures.tokens["valid-es256"])
        #expect(throws: Never.self) { try fixtures.verifier(maxTokenSize: valid.utf8.count).verify(valid, now: fixtures.now) }
        let small = try fixtures.verifier(maxTokenSize: valid.utf8.count - 1)
        let error = #expect(throws: CredentialError.self) { try small.verify(valid, now: fixtures.now) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("longer than") == true)
    }

    @Test(arguments: [
        ("a.b", "2 parts"),
        ("a.b.c.d", "4 parts"),
        ("eyJhbGciOiJFUzI1NiJ9..c2ln", "claims is empty"),
        ("eyJhbGciOiJFUzI1NiJ9=.e30.c2ln", "header is not unpadded base64url"),
        ("eyJhbGciOiJFUzI1NiJ9.e30.c2l", "signature is not unpadded base64url"),   // a stray low bit after "si"
        ("eyJhbGciOiJFUzI1NiJ9.e30.c2l+", "signature is not unpadded base64url"),
        ("e30.e30.c2ln", "alg is missing"),
        ("WzFd.e30.c2ln", "JWT header"),        // [1]
        ("eyJhbGciOjF9.e30.c2ln", "alg"),       // {"alg":1}
    ])
    func malformedCompactTokensNameTheirFault(_ token: String, _ fragment: String) throws {
        let error = #expect(throws: CredentialError.self) { try CompactJWT(parsing: token, maxSize: 8192) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func theSigningInputIsTheFirstTwoPartsAsWritten() throws {
        let jwt = try CompactJWT(parsing: "eyJhbGciOiJFZERTQSJ9.e30.c2ln", maxSize: 100)
        #expect(jwt.signingInput == Array("eyJhbGciOiJFZERTQSJ9.e30".utf8))
        #expect(jwt.header == JWTHeader(algorithm: "EdDSA"))
        #expect(jwt.payload == Array("{}".utf8))
        #expect(jwt.signature == Array("sig".utf8))
    }
}
