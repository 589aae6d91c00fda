import Testing
@testable import GatewayCore

@Suite struct PresentedCredentialTests {
    static let key = APIKeyToken(prefix: "abcdefgh2345", secret: String(repeating: "Q", count: 42) + "A")
    static let jwt = "eyJhbGciOiJFZERTQSJ9.e30.c2ln"

    static func read(authorization: [String] = [], apiKey: [String] = []) throws(CredentialError) -> PresentedCredential {
        try PresentedCredential(authorization: authorization, apiKey: apiKey)
    }

    @Test(arguments: ["Bearer", "bearer", "BEARER", "bEaReR"])
    func theBearerSchemeIsCaseInsensitive(_ scheme: String) throws {
        #expect(try Self.read(authorization: ["\(scheme) \(Self.jwt)"]) == .jwt(Self.jwt))
        #expect(try Self.read(authorization: ["\(scheme) \(Self.key.presented)"]) == .apiKey(Self.key))
    }

    @Test func anAPIKeyMayComeInEitherHeaderOrInBothWhenTheyAgree() throws {
        #expect(try Self.read(apiKey: [Self.key.presented]) == .apiKey(Self.key))
        #expect(try Self.read(authorization: ["Bearer \(Self.key.presented)"], apiKey: [Self.key.presented]) == .apiKey(Self.key))
    }

    @Test func noCredentialIsMissing() {
        #expect(throws: CredentialError(.missing, "no authorization or x-api-key metadata")) { try Self.read() }
    }

    @Test(arguments: [
        (["Bearer " + jwt], [key.presented], "different credentials"),
        (["Bearer " + key.presented], ["bk_abcdefgh2346_" + String(repeating: "Q", count: 43)], "different credentials"),
        ([], [jwt], "x-api-key is not an API key"),
        (["Bearer  " + jwt], [], "neither an API key nor a compact JWT"),
        (["Bearer " + jwt + " "], [], "neither"),
        (["Bearer"], [], "not \"Bearer <token>\""),
        (["Bearer "], [], "not \"Bearer <token>\""),
        (["Basic " + jwt], [], "not \"Bearer <token>\""),
        (["Bearer a.b"], [], "neither"),
        (["Bearer a..c"], [], "neither"),
        (["Bearer a.b.c="], [], "neither"),
        (["Bearer a.b.c.d"], [], "neither"),
        (["Bearer " + jwt, "Bearer " + jwt], [], "authorization is given 2 times"),
        ([], [key.presented, key.presented], "x-api-key is given 2 times"),
        (["Bearer " + String(repeating: "a", count: 8186) + ".b.c"], [], "authorization is longer than 8192 bytes"),
        ([], [String(repeating: "k", count: 9000)], "x-api-key is longer than 8192 bytes"),
    ])
    func malformedMetadataIsRefusedNamingTheHeader(_ authorization: [String], _ apiKey: [String], _ fragment: String) {
        let error = #expect(throws: CredentialError.self) { try Self.read(authorization: authorization, apiKey: apiKey) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func aValueOfExactlyTheLimitIsRead() throws {
        let token = String(repeating: "a", count: 8181) + ".b.c"
        #expect(("Bearer " + token).utf8.count == PresentedCredential.maxValueSize)
        #expect(try Self.read(authorization: ["Bearer " + token]) == .jwt(token))
    }

    @Test func everyFixtureTokenWithASignatureReadsAsAJWT() throws {
        let fixtures = try JWTFixtures.load()
        for (name, token) in fixtures.tokens where name != "alg-none" {
            #expect(try Self.read(authorization: ["Bearer " + token]) == .jwt(token), "\(name)")
        }
        #expect(throws: CredentialError.self) { try Self.read(authorization: ["Bearer " + fixtures.tokens["alg-none"]!]) }
    }
}
