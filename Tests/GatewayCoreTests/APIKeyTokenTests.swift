import Testing
@testable import GatewayCore

@Suite struct APIKeyTokenTests {
    @Test func aGeneratedKeyReadsBackAndItsHashMatchesOnlyItsSecret() throws {
        let token = try #require(APIKeyToken.generate())
        #expect(token.presented.count == 3 + 12 + 1 + 43)
        let read = try #require(APIKeyToken(presented: token.presented))
        #expect(read == token)
        #expect(APIKeyToken.matches(secret: token.secret, storedHash: token.secretHash))
        let other = try #require(APIKeyToken.generate())
        #expect(!APIKeyToken.matches(secret: other.secret, storedHash: token.secretHash))
        #expect(token != other)
    }

    @Test(arguments: [
        "", "bk_", "eyJhbGciOiJFUzI1NiJ9.e30.sig",
        "bk_ABCDEFGHIJKL_" + String(repeating: "a", count: 43),   // prefix not lower-case base32
        "bk_abcdefgh2341_" + String(repeating: "a", count: 43),   // '1' is not a base32 digit
        "bk_abcdefgh2348_" + String(repeating: "a", count: 43),   // nor is '8'
        "bk_abcdefghijk{_" + String(repeating: "a", count: 43),   // nor the byte after 'z'
        "bk_abcdefghijkl_" + String(repeating: "a", count: 42) + "é",  // 43 characters, 44 bytes
        "bk_abcdefghijkl-" + String(repeating: "a", count: 43),   // wrong separator
        "bk_abcdefghijkl_" + String(repeating: "a", count: 42),   // secret too short
        "bk_abcdefghijkl_" + String(repeating: "a", count: 42) + "=",  // padding is not base64url
        "xx_abcdefghijkl_" + String(repeating: "a", count: 43),
    ])
    func malformedTokensAreNotKeys(_ presented: String) {
        #expect(APIKeyToken(presented: presented) == nil)
    }

    @Test func aWellFormedTokenSplitsIntoPrefixAndSecret() throws {
        let secret = String(repeating: "Q", count: 42) + "_"
        let token = try #require(APIKeyToken(presented: "bk_abcdefgh2345_" + secret))
        #expect(token.prefix == "abcdefgh2345")
        #expect(token.secret == secret)
    }
}
