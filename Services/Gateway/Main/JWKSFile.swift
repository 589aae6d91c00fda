import Foundation
import GatewayCore
import Logging
import ServiceKit
import Synchronization

/// The JWT verifier built from the JWKS file, rebuilt when the file changes
/// (an identity provider's key rotation, published to a ConfigMap). A file
/// that does not parse is logged and the current keys kept.
final class JWKSFile: Sendable {
    private let path: String
    private let issuer: String
    private let audience: String
    private let skew: Duration
    private let logger: Logger
    private let file: FileChanges
    private let current: Mutex<JWTVerifier>

    /// Loads `path`; a file that cannot be read or parsed is a start-up error.
    init(path: String, issuer: String, audience: String, skew: Duration, logger: Logger) throws {
        self.path = path
        self.issuer = issuer
        self.audience = audience
        self.skew = skew
        self.logger = logger
        file = FileChanges([path])  // before the load: a change while loading is seen at the next look
        current = Mutex(try Self.load(path, issuer: issuer, audience: audience, skew: skew, logger: logger))
    }

    /// The verifier for the keys last loaded.
    var verifier: JWTVerifier { current.withLock { $0 } }

    /// Reloads the file if it changed since the last look.
    func reloadIfChanged() {
        guard file.changed() else { return }
        do {
            let verifier = try Self.load(path, issuer: issuer, audience: audience, skew: skew, logger: logger)
            current.withLock { $0 = verifier }
            logger.info("JWKS reloaded", metadata: ["file": "\(path)", "keys": "\(verifier.keys.keys.count)"])
        } catch {
            logger.error("JWKS not reloaded; the current keys are kept", metadata: ["file": "\(path)", "error": "\(error)"])
        }
    }

    private static func load(_ path: String, issuer: String, audience: String, skew: Duration,
                             logger: Logger) throws -> JWTVerifier {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: "BATON_GATEWAY_JWKS_FILE", value: path, reason: "cannot be read")
        }
        let keys: JWKS
        do {
            keys = try JWKS(json: Array(data))
        } catch {
            throw ConfigurationError(setting: "BATON_GATEWAY_JWKS_FILE", value: path, reason: "\(error)")
        }
        for warning in keys.warnings { logger.warning("JWKS key skipped", metadata: ["file": "\(path)", "reason": "\(warning)"]) }
        return JWTVerifier(keys: keys, issuer: issuer, audience: audience, clockSkew: skew)
    }
}
