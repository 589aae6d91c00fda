import COpenSSL

/// Ed25519 (RFC 8032) through OpenSSL's EVP interface. Every EVP_PKEY and
/// EVP_MD_CTX is freed before returning, on every path, and no pointer
/// leaves the closure that lent it.
enum Ed25519 {
    /// Bytes in a seed (the private key) and in a public key.
    static let keyLength = 32
    /// Bytes in a signature.
    static let signatureLength = 64

    /// The public key of a 32-byte seed.
    static func publicKey(seed: [UInt8]) throws(NoteError) -> [UInt8] {
        let key = try privateKey(seed)
        defer { EVP_PKEY_free(key) }
        var publicKey = [UInt8](repeating: 0, count: keyLength)
        var length = keyLength
        let ok = publicKey.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(key, $0.baseAddress, &length) }
        guard ok == 1, length == keyLength else { throw NoteError(.cryptoFailure, "EVP_PKEY_get_raw_public_key failed") }
        return publicKey
    }

    /// The signature of `message` by the key of `seed` (deterministic).
    static func sign(_ message: [UInt8], seed: [UInt8]) throws(NoteError) -> [UInt8] {
        let key = try privateKey(seed)
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { throw NoteError(.cryptoFailure, "EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        // Ed25519 hashes internally: no digest is named.
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else {
            throw NoteError(.cryptoFailure, "EVP_DigestSignInit failed")
        }
        var signature = [UInt8](repeating: 0, count: signatureLength)
        var length = signatureLength
        let ok = message.withUnsafeBufferPointer { input in
            signature.withUnsafeMutableBufferPointer { output in
                EVP_DigestSign(context, output.baseAddress, &length, input.baseAddress, input.count)
            }
        }
        guard ok == 1, length == signatureLength else { throw NoteError(.cryptoFailure, "EVP_DigestSign failed") }
        return signature
    }

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
