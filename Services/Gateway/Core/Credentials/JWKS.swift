import Wire

/// The keys JWTs are verified with, read from a JSON Web Key Set (RFC 7517 §5).
///
/// Supported: `kty: EC, crv: P-256` with `x` and `y` (ES256) and
/// `kty: OKP, crv: Ed25519` with `x` (EdDSA, RFC 8037), each with a `kid`
/// and optionally `alg` (which must then be the key's algorithm) and `use`
/// (which must then be `sig`). Other keys (RSA, other curves, encryption
/// keys) are skipped with a warning, so an issuer's set may carry them.
public struct JWKS: Sendable {
    /// The usable keys, in document order.
    public var keys: [SigningKey]
    /// One line per skipped key, naming it by index and `kid`.
    public var warnings: [String]

    /// The members of one key the parser reads; all are strings.
    private static let keyMembers: Set<String> = ["kty", "crv", "x", "y", "kid", "alg", "use", "d"]

    /// Reads a JWKS document.
    public init(json: [UInt8]) throws(JWKSError) {
        var members: [[String: String]] = []
        var sawKeys = false
        do {
            try JOSEJSON.readDocument(json) { (name, reader) throws(JSONError) in
                guard name == "keys" else { return try reader.skipValue() }
                sawKeys = true
                try reader.beginArray()
                while try reader.nextElement() {
                    var key: [String: String] = [:]
                    do throws(JSONError) {
                        try JOSEJSON.readObject(&reader) { (name, reader) throws(JSONError) in
                            if Self.keyMembers.contains(name) { key[name] = try reader.readString() } else { try reader.skipValue() }
                        }
                    } catch {
                        throw error.prefixed(.index(members.count))
                    }
                    members.append(key)
                }
            }
        } catch {
            throw JWKSError(.malformedDocument, "JWKS: \(error)")
        }
        guard sawKeys else { throw JWKSError(.malformedDocument, "JWKS has no keys array") }
        var keys: [SigningKey] = []
        var warnings: [String] = []
        for (index, member) in members.enumerated() {
            if let key = try Self.key(member, index: index, warnings: &warnings) {
                guard !keys.contains(where: { $0.keyID == key.keyID }) else {
                    throw JWKSError(.duplicateKeyID, "\(Self.label(member, index)): another key has this kid")
                }
                keys.append(key)
            }
        }
        guard !keys.isEmpty else { throw JWKSError(.noSupportedKey, "JWKS has no EC P-256 or Ed25519 signing key") }
        self.keys = keys
        self.warnings = warnings
    }

    /// The key with `kid`, if any.
    public func key(id: String) -> SigningKey? {
        keys.first { $0.keyID == id }
    }

    /// One key of the document, nil (with a warning) when its type is not supported.
    private static func key(_ member: [String: String], index: Int, warnings: inout [String]) throws(JWKSError) -> SigningKey? {
        let name = label(member, index)
        let kty = member["kty"] ?? ""
        let crv = member["crv"] ?? ""
        let algorithm: JWTAlgorithm
        switch (kty, crv) {
        case ("EC", "P-256"): algorithm = .es256
        case ("OKP", "Ed25519"): algorithm = .edDSA
        case ("EC", _), ("OKP", _):
            warnings.append("\(name): skipped: curve \(crv.isEmpty ? "(none)" : crv) is not supported")
            return nil
        default:
            warnings.append("\(name): skipped: kty \(kty.isEmpty ? "(none)" : kty) is not supported")
            return nil
        }
        if let use = member["use"], use != "sig" {
            warnings.append("\(name): skipped: use is \(use), not sig")
            return nil
        }
        func malformed(_ reason: String) -> JWKSError { JWKSError(.malformedKey, "\(name): \(reason)") }
        guard let kid = member["kid"], !kid.isEmpty else { throw malformed("kid is missing") }
        if let alg = member["alg"], alg != algorithm.rawValue {
            throw malformed("alg \(alg) does not match a \(kty) \(crv) key (\(algorithm.rawValue))")
        }
        guard member["d"] == nil else { throw malformed("has private key material (d); publish only public keys") }
        func coordinate(_ field: String) throws(JWKSError) -> [UInt8] {
            guard let text = member[field] else { throw malformed("\(field) is missing") }
            guard let bytes = Base64URL.decode(text.utf8), bytes.count == SigningKey.coordinateLength else {
                throw malformed("\(field) is not \(SigningKey.coordinateLength) bytes of unpadded base64url")
            }
            return bytes
        }
        switch algorithm {
        case .es256:
            let x = try coordinate("x")
            let y = try coordinate("y")
            guard let key = SigningKey.p256(keyID: kid, x: x, y: y) else { throw malformed("x, y is not a point on P-256") }
            return key
        case .edDSA:
            guard let key = SigningKey.ed25519(keyID: kid, x: try coordinate("x")) else {
                throw malformed("x is not an Ed25519 public key")
            }
            return key
        }
    }

    /// `keys[2] (kid "a")`, or `keys[2]` when it has none.
    private static func label(_ member: [String: String], _ index: Int) -> String {
        member["kid"].map { "keys[\(index)] (kid \"\($0)\")" } ?? "keys[\(index)]"
    }
}
