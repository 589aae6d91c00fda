import Testing
@testable import GatewayCore

@Suite struct SigningKeyTests {
    @Test func aJOSESignatureBecomesMinimalPositiveDERIntegers() throws {
        // r has its high bit set (padded with 0x00); s has leading zeros (dropped).
        let r: [UInt8] = [0x80] + [UInt8](repeating: 0x11, count: 31)
        let s: [UInt8] = [UInt8](repeating: 0, count: 30) + [0x7F, 0x01]
        let der = try #require(SigningKey.derSignature(jose: r + s))
        #expect(der == [0x30, 2 + 33 + 2 + 2, 0x02, 33, 0x00] + r + [0x02, 2, 0x7F, 0x01])
        let zero = try #require(SigningKey.derSignature(jose: [UInt8](repeating: 0, count: 64)))
        #expect(zero == [0x30, 6, 0x02, 1, 0, 0x02, 1, 0])
    }

    @Test(arguments: [0, 63, 65, 70, 72])
    func aSignatureOfAnotherLengthIsNotConverted(_ length: Int) {
        #expect(SigningKey.derSignature(jose: [UInt8](repeating: 1, count: length)) == nil)
    }

    @Test func aKeyVerifiesOnlyItsOwnAlgorithmsSignatureLength() throws {
        let fixtures = try JWTFixtures.load()
        let jwks = try JWKS(json: fixtures.jwks)
        let ed = try #require(jwks.key(id: "ed-1"))
        let jwt = try CompactJWT(parsing: try #require(fixtures.tokens["valid-eddsa"]), maxSize: 8192)
        #expect(ed.verify(jwt.signature, of: jwt.signingInput))
        #expect(!ed.verify(jwt.signature + [0], of: jwt.signingInput))
        #expect(!ed.verify(jwt.signature, of: jwt.signingInput + [0]))
        #expect(try #require(jwks.key(id: "ec-1")).verify(jwt.signature, of: jwt.signingInput) == false)
    }
}
