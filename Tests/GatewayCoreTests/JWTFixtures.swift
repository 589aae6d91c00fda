import Testing
import Foundation
@testable import GatewayCore

/// The JWKS and tokens Tools/jwt-fixtures (Go's standard library) wrote to
/// Fixtures/JWT, found next to this file.
struct JWTFixtures {
    /// The instant every token was made for.
    var now: Date
    /// The issuer the valid tokens name.
    var issuer: String
    /// The audience the valid tokens name.
    var audience: String
    /// Token by case name.
    var tokens: [String: String]
    /// The JWKS document's bytes.
    var jwks: [UInt8]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/JWT")

    static func load() throws -> JWTFixtures {
        let data = try Data(contentsOf: directory.appendingPathComponent("tokens.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return JWTFixtures(
            now: Date(timeIntervalSince1970: try #require(document["now"] as? Double)),
            issuer: try #require(document["issuer"] as? String),
            audience: try #require(document["audience"] as? String),
            tokens: try #require(document["tokens"] as? [String: String]),
            jwks: Array(try Data(contentsOf: directory.appendingPathComponent("jwks.json")))
        )
    }

    /// The fixture JWKS as a JSON object, to derive broken variants from.
    func jwksObject() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(jwks)) as? [String: Any])
    }

    /// A verifier for the fixtures' issuer and audience.
    func verifier(clockSkew: Duration = JWTVerifier.defaultClockSkew, maxTokenSize: Int = JWTVerifier.defaultMaxTokenSize) throws -> JWTVerifier {
        JWTVerifier(keys: try JWKS(json: jwks), issuer: issuer, audience: audience, clockSkew: clockSkew, maxTokenSize: maxTokenSize)
    }
}
