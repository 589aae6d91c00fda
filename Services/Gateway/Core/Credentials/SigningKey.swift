import COpenSSL

/// One public key of a JWKS, built once into an OpenSSL `EVP_PKEY`.
///
/// `@unchecked Sendable` because the `EVP_PKEY` is created in `init`, never
/// changed afterwards and freed in `deinit`; OpenSSL 3 allows concurrent
/// read-only use of one `EVP_PKEY` when each verification has its own
/// `EVP_MD_CTX`, which ``verify(_:of:)`` makes and frees on every call.
/// Holding the key costs nothing per call; rebuilding it from its
/// coordinates for every token (a DER parse and an on-curve check for P-256)
/// would add to every ES256 verification.
public final class SigningKey: @unchecked Sendable {
    /// The key's `kid`.
    public let keyID: String
    /// The one algorithm the key verifies: its type decides it, so a token
    /// cannot choose another (`alg` confusion).
    public let algorithm: JWTAlgorithm
    private let key: OpaquePointer

    /// Bytes in a P-256 coordinate, an Ed25519 public key, and each half of a signature.
    static let coordinateLength = 32

    /// The DER SubjectPublicKeyInfo of a P-256 key up to its point (RFC 5480:
    /// id-ecPublicKey, prime256v1, a BIT STRING of 66 bytes), then the
    /// uncompressed point's 0x04. The coordinates complete it.
    private static let p256InfoPrefix: [UInt8] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01,
        0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
    ]

    private init(keyID: String, algorithm: JWTAlgorithm, key: OpaquePointer) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.key = key
    }

    deinit { EVP_PKEY_free(key) }

    /// A P-256 key from its coordinates; nil unless both are 32 bytes and the
    /// point is on the curve (OpenSSL checks it while decoding the point).
    static func p256(keyID: String, x: [UInt8], y: [UInt8]) -> SigningKey? {
        guard x.count == coordinateLength, y.count == coordinateLength else { return nil }
        let info = p256InfoPrefix + x + y
        let key = info.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else {
            ERR_clear_error()
            return nil
        }
        return SigningKey(keyID: keyID, algorithm: .es256, key: key)
    }

    /// An Ed25519 key from its 32 bytes; nil if they are not 32 bytes.
    static func ed25519(keyID: String, x: [UInt8]) -> SigningKey? {
        guard x.count == coordinateLength else { return nil }
        let key = x.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }
        guard let key else {
            ERR_clear_error()
            return nil
        }
        return SigningKey(keyID: keyID, algorithm: .edDSA, key: key)
    }

    /// Whether `signature` (as a JWS carries it) is this key's signature of `message`.
    public func verify(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        let encoded: [UInt8]
        switch algorithm {
        case .es256:
            guard let der = Self.derSignature(jose: signature) else { return false }
            encoded = der
        case .edDSA:
            guard signature.count == 2 * Self.coordinateLength else { return false }
            encoded = signature
        }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        // Ed25519 hashes internally: no digest is named.
        let digest = algorithm == .es256 ? EVP_sha256() : nil
        let ok = EVP_DigestVerifyInit(context, nil, digest, nil, key) == 1 && message.withUnsafeBufferPointer { input in
            encoded.withUnsafeBufferPointer { output in
                EVP_DigestVerify(context, output.baseAddress, output.count, input.baseAddress, input.count)
            }
        } == 1
        // A refused signature leaves a reason on this thread's error queue; drop it.
        if !ok { ERR_clear_error() }
        return ok
    }

    /// The DER `ECDSA-Sig-Value` (RFC 3279 §2.2.3) OpenSSL verifies, from
    /// the 64 bytes `r || s` of a JWS ES256 signature (RFC 7518 §3.4); nil
    /// for any other length. Each half becomes a minimal positive INTEGER.
    static func derSignature(jose: [UInt8]) -> [UInt8]? {
        guard jose.count == 2 * coordinateLength else { return nil }
        func integer(_ half: ArraySlice<UInt8>) -> [UInt8] {
            var magnitude = Array(half.drop { $0 == 0 })
            if magnitude.first.map({ $0 & 0x80 != 0 }) ?? true { magnitude.insert(0, at: 0) }
            return [0x02, UInt8(magnitude.count)] + magnitude
        }
        // At most 2 × 35 bytes: short-form lengths throughout.
        let body = integer(jose[..<coordinateLength]) + integer(jose[coordinateLength...])
        return [0x30, UInt8(body.count)] + body
    }
}
