import Foundation
import Testing
@testable import GatewayCore

@Suite struct JWKSTests {
    /// The fixture JWKS with key `index` changed by `change`, as bytes.
    static func fixture(changing index: Int, _ change: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var document = try JWTFixtures.load().jwksObject()
        var keys = try #require(document["keys"] as? [[String: Any]])
        change(&keys[index])
        document["keys"] = keys
        return Array(try JSONSerialization.data(withJSONObject: document))
    }

    static func refusal(_ json: [UInt8]) -> JWKSError? {
        #expect(throws: JWKSError.self) { try JWKS(json: json) }
    }

    @Test func theFixtureSetHasItsECAndEd25519KeysAndSkipsRSA() throws {
        let jwks = try JWKS(json: JWTFixtures.load().jwks)
        #expect(jwks.keys.map(\.keyID) == ["ec-1", "ec-2", "ed-1"])
        #expect(jwks.keys.map(\.algorithm) == [.es256, .es256, .edDSA])
        #expect(jwks.warnings == ["keys[3] (kid \"rsa-1\"): skipped: kty RSA is not supported"])
        #expect(jwks.key(id: "ed-1")?.algorithm == .edDSA)
        #expect(jwks.key(id: "rsa-1") == nil)
    }

    @Test func keysForEncryptionAndOtherCurvesAreSkippedWithAWarning() throws {
        let json = try Self.fixture(changing: 1) { $0["use"] = "enc" }
        let jwks = try JWKS(json: json)
        #expect(jwks.keys.map(\.keyID) == ["ec-1", "ed-1"])
        #expect(jwks.warnings.first == "keys[1] (kid \"ec-2\"): skipped: use is enc, not sig")
        let p384 = try JWKS(json: Self.fixture(changing: 0) { $0["crv"] = "P-384" })
        #expect(p384.keys.map(\.keyID) == ["ec-2", "ed-1"])
        #expect(p384.warnings.first == "keys[0] (kid \"ec-1\"): skipped: curve P-384 is not supported")
    }

    static let malformedKeys: [(String, Int, @Sendable (inout [String: Any]) -> Void, JWKSError.Code, String)] = [
        ("short x", 0, { $0["x"] = String(($0["x"] as! String).dropLast(2)) }, .malformedKey,
         "keys[0] (kid \"ec-1\"): x is not 32 bytes"),
        ("padded x", 0, { $0["x"] = ($0["x"] as! String) + "=" }, .malformedKey, "keys[0] (kid \"ec-1\"): x is not"),
        ("missing y", 1, { $0["y"] = nil }, .malformedKey, "keys[1] (kid \"ec-2\"): y is missing"),
        ("point off the curve", 0, { $0["y"] = flipLastDigit($0["y"] as! String) }, .malformedKey,
         "keys[0] (kid \"ec-1\"): x, y is not a point on P-256"),
        ("missing kid", 2, { $0["kid"] = nil }, .malformedKey, "keys[2]: kid is missing"),
        ("alg of another type", 0, { $0["alg"] = "EdDSA" }, .malformedKey, "alg EdDSA does not match"),
        ("private part", 2, { $0["d"] = "AAAA" }, .malformedKey, "keys[2] (kid \"ed-1\"): has private key material"),
        ("short Ed25519 key", 2, { $0["x"] = "AAAA" }, .malformedKey, "keys[2] (kid \"ed-1\"): x is not 32 bytes"),
        ("kid used twice", 1, { $0["kid"] = "ec-1" }, .duplicateKeyID, "keys[1] (kid \"ec-1\"): another key has this kid"),
        ("kid not a string", 3, { $0["kid"] = 7 }, .malformedDocument, "keys[3].kid"),
    ]

    @Test(arguments: malformedKeys.indices)
    func aBrokenSupportedKeyIsAnErrorNamingIt(_ index: Int) throws {
        let (name, key, change, code, fragment) = Self.malformedKeys[index]
        let error = Self.refusal(try Self.fixture(changing: key, change))
        #expect(error?.code == code, "\(name)")
        #expect(error?.message.contains(fragment) == true, "\(name): \(String(describing: error))")
    }

    @Test(arguments: [
        (#"[]"#, JWKSError.Code.malformedDocument, "expected an object"),
        (#"{"keys":{}}"#, .malformedDocument, "keys: expected an array"),
        (#"{"keys":[1]}"#, .malformedDocument, "keys[0]: expected an object"),
        (#"{"keys":[{"kty":"OKP","kty":"EC"}]}"#, .malformedDocument, "keys[0].kty"),
        (#"{"keys":[],"keys":[]}"#, .malformedDocument, "keys"),
        (#"{"other":[]}"#, .malformedDocument, "no keys array"),
        (#"{"keys":[]} x"#, .malformedDocument, "unexpected bytes"),
        (#"{"keys":[{"kty":"RSA","kid":"r","n":"AQAB","e":"AQAB"}]}"#, .noSupportedKey, "no EC P-256 or Ed25519"),
    ])
    func aBrokenDocumentIsAnError(_ json: String, _ code: JWKSError.Code, _ fragment: String) {
        let error = Self.refusal(Array(json.utf8))
        #expect(error?.code == code)
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    /// `text` with its last base64url digit replaced by the one after it (same unused bits).
    static func flipLastDigit(_ text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = alphabet.firstIndex(of: text.last!)!
        return String(text.dropLast()) + String(alphabet[(index + 4) % 64])
    }
}
