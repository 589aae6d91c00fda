import AuditCore
import Foundation
import ServiceKit

/// baton-audit's own settings, read beside `ServiceConfiguration`. Keys come
/// from files or the environment (a Kubernetes Secret), never from the
/// database:
/// - `BATON_AUDIT_ORIGIN`: the log's origin; a tenant's checkpoints say
///   "<origin>/<tenant>". Default "baton.local/audit".
/// - `BATON_AUDIT_SIGNING_KEY` or `BATON_AUDIT_SIGNING_KEY_FILE`: the
///   Ed25519 note signer key ("PRIVATE+KEY+<name>+<hash>+<base64>",
///   `batonctl audit keygen` makes one). Required.
/// - `BATON_AUDIT_VERIFIER_KEYS`: verifier keys of retired signing keys,
///   comma-separated, published beside the current one (key rotation).
/// - `BATON_AUDIT_SECRET` or `BATON_AUDIT_SECRET_FILE`: base64 of at least
///   32 random bytes, from which tenant pseudonym keys are derived and with
///   which sealing keys are wrapped. Required.
/// - `BATON_AUDIT_CHECKPOINT_DIR`: a directory that gets one file per
///   signed checkpoint, `<tenant>/<tree size>`, never rewritten. Optional.
/// - `BATON_AUDIT_METRICS_INTERVAL`: seconds between refreshes of the
///   escalation metrics exported to Prometheus (each reads the last 48 hours
///   of every tenant's log). Default 60.
/// - `BATON_AUDIT_RETENTION_INTERVAL`: seconds between retention runs (each
///   deletes the sealing keys of the months past each tenant's retention).
///   Default 3600.
/// - `BATON_AUDIT_CLOCK_OFFSET`: seconds added to the system clock for
///   record_time and retention, for tests that need entries of past months.
///   Default 0.
struct AuditSettings: Sendable {
    let origin: String
    let signer: NoteSigner
    let verifierKeys: [String]
    /// Derives the tenants' pseudonym keys and the key-encryption key.
    let secret: [UInt8]
    let checkpointDirectory: URL?
    let metricsInterval: Duration
    let retentionInterval: Duration
    /// Added to the system clock (see ``now()``).
    let clockOffset: TimeInterval

    static func load(_ environment: [String: String]) throws -> AuditSettings {
        let origin = environment["BATON_AUDIT_ORIGIN"] ?? "baton.local/audit"
        guard !origin.isEmpty, !origin.contains("\n"), !origin.hasSuffix("/") else {
            throw ConfigurationError(setting: "BATON_AUDIT_ORIGIN", value: origin, reason: "one line, not ending in /")
        }
        let signerKey = try secretValue("BATON_AUDIT_SIGNING_KEY", environment)
        let signer: NoteSigner
        do {
            signer = try NoteSigner(key: signerKey.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw ConfigurationError(setting: "BATON_AUDIT_SIGNING_KEY", value: "(hidden)", reason: "not a note signer key: \(error)")
        }
        var verifierKeys = [signer.verifier.key]
        for key in (environment["BATON_AUDIT_VERIFIER_KEYS"] ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !key.isEmpty {
            do {
                verifierKeys.append(try NoteVerifier(key: key).key)
            } catch {
                throw ConfigurationError(setting: "BATON_AUDIT_VERIFIER_KEYS", value: key, reason: "not a note verifier key: \(error)")
            }
        }
        let encodedSecret = try secretValue("BATON_AUDIT_SECRET", environment).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let secret = Data(base64Encoded: encodedSecret), secret.count >= 32 else {
            throw ConfigurationError(setting: "BATON_AUDIT_SECRET", value: "(hidden)", reason: "base64 of at least 32 random bytes")
        }
        let offsetText = environment["BATON_AUDIT_CLOCK_OFFSET"] ?? "0"
        guard let clockOffset = Double(offsetText), clockOffset.isFinite, abs(clockOffset) <= 100 * 365 * 86_400 else {
            throw ConfigurationError(setting: "BATON_AUDIT_CLOCK_OFFSET", value: offsetText, reason: "seconds, at most 100 years either way")
        }
        return AuditSettings(origin: origin, signer: signer, verifierKeys: verifierKeys, secret: [UInt8](secret),
                             checkpointDirectory: environment["BATON_AUDIT_CHECKPOINT_DIR"].map { URL(fileURLWithPath: $0) },
                             metricsInterval: try interval("BATON_AUDIT_METRICS_INTERVAL", environment, default: "60"),
                             retentionInterval: try interval("BATON_AUDIT_RETENTION_INTERVAL", environment, default: "3600"),
                             clockOffset: clockOffset)
    }

    /// The seconds `NAME` says (0.1 to 86400), or `default`.
    private static func interval(_ name: String, _ environment: [String: String], default fallback: String) throws -> Duration {
        let text = environment[name] ?? fallback
        guard let seconds = Double(text), seconds >= 0.1, seconds <= 86_400 else {
            throw ConfigurationError(setting: name, value: text, reason: "seconds, 0.1 to 86400")
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// `NAME` itself, or the content of the file `NAME_FILE` names.
    private static func secretValue(_ name: String, _ environment: [String: String]) throws -> String {
        if let value = environment[name], !value.isEmpty { return value }
        guard let path = environment["\(name)_FILE"] else {
            throw ConfigurationError(setting: name, value: "", reason: "required (or \(name)_FILE naming a file that holds it)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(setting: "\(name)_FILE", value: path, reason: "cannot be read")
        }
        return text
    }

    /// The service's time: the system clock plus the configured offset.
    func now() -> Date {
        Date().addingTimeInterval(clockOffset)
    }

    /// The origin of `tenant`'s log.
    func origin(of tenant: String) -> String {
        "\(origin)/\(tenant)"
    }

    /// The pseudonymizer of `tenant` (key version 1).
    func pseudonymizer(for tenant: String) -> Pseudonymizer {
        Pseudonymizer(key: Pseudonymizer.tenantKey(secret: secret, tenant: tenant, version: 1), version: 1)
    }

    /// The key that wraps sealing keys.
    var keyEncryptionKey: [UInt8] {
        KeyDerivation.derive(secret: secret, label: "baton-audit key-encryption key v1")
    }
}
