import COpenSSL

/// Ed25519 (RFC 8032) through OpenSSL's EVP interface. Every EVP_PKEY and
/// EVP_MD_CTX is freed before returning, on every path, and no pointer
/// leaves the closure that lent it, except the key a ``PrivateKey`` owns.
enum Ed25519 {
    /// A private key made once from its seed, for signing many messages:
    /// making the EVP_PKEY derives the public key (a scalar multiplication,
    /// about the cost of a signature) and looks the algorithm up, which a
    /// signer that made it per signature (one per append batch) paid each time.
    ///
    /// `@unchecked Sendable` is sound because the key is complete in `init`
    /// and never changed afterwards; OpenSSL allows signing with one EVP_PKEY
    /// on many threads at once, each with its own EVP_MD_CTX.
    final class PrivateKey: @unchecked Sendable {
        private let key: OpaquePointer

        /// The key of a 32-byte seed.
        init(seed: [UInt8]) throws(NoteError) {
            key = try Ed25519.privateKey(seed)
        }

        deinit { EVP_PKEY_free(key) }

        /// The 32-byte public key.
        func publicKey() throws(NoteError) -> [UInt8] {
            var publicKey = [UInt8](repeating: 0, count: Ed25519.keyLength)
            var length = Ed25519.keyLength
            let ok = publicKey.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(key, $0.baseAddress, &length) }
            guard ok == 1, length == Ed25519.keyLength else { throw NoteError(.cryptoFailure, "EVP_PKEY_get_raw_public_key failed") }
            return publicKey
        }

        /// The signature of `message` (deterministic).
        func sign(_ message: [UInt8]) throws(NoteError) -> [UInt8] {
            guard let context = EVP_MD_CTX_new() else { throw NoteError(.cryptoFailure, "EVP_MD_CTX_new failed") }
            defer { EVP_MD_CTX_free(context) }
            // Ed25519 hashes internally: no digest is named.
            guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else {
                throw NoteError(.cryptoFailure, "EVP_DigestSignInit failed")
            }
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
            var length = Ed25519.signatureLength
            let ok = message.withUnsafeBufferPointer { input in
                signature.withUnsafeMutableBufferPointer { output in
                    EVP_DigestSign(context, output.baseAddress, &length, input.baseAddress, input.count)
                }
            }
            guard ok == 1, length == Ed25519.signatureLength else { throw NoteError(.cryptoFailure, "EVP_DigestSign failed") }
            return signature
        }
    }

    /// Bytes in a seed (the private key) and in a public key.
    static let keyLength = 32
    /// Bytes in a signature.
    static let signatureLength = 64

    /// True when `signature` is a valid signature of `message` by `publicKey`.
    static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, publicKey.count == keyLength else { return false }
        let key = publicKey.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }
        guard let key else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else { return false }
        let ok = message.withUnsafeBufferPointer { input in
            signature.withUnsafeBufferPointer { sig in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, input.baseAddress, input.count)
            }
        }
        return ok == 1
    }

    /// 32 random bytes from OpenSSL's CSPRNG, for a new seed.
    static func randomSeed() throws(NoteError) -> [UInt8] {
        var seed = [UInt8](repeating: 0, count: keyLength)
        let ok = seed.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard ok == 1 else { throw NoteError(.cryptoFailure, "RAND_bytes failed") }
        return seed
    }

    /// An EVP_PKEY for a seed; the caller frees it.
    private static func privateKey(_ seed: [UInt8]) throws(NoteError) -> OpaquePointer {
        guard seed.count == keyLength else { throw NoteError(.cryptoFailure, "an Ed25519 seed is 32 bytes") }
        let key = seed.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }
        guard let key else { throw NoteError(.cryptoFailure, "EVP_PKEY_new_raw_private_key failed") }
        return key
    }
}
