import COpenSSL

/// AES-256-GCM, fetched from OpenSSL's default provider once: passing
/// `EVP_aes_256_gcm()` makes every init fetch it again. A fetched cipher is
/// immutable and may be used from any thread; it lives as long as the process.
nonisolated(unsafe) private let aes256GCM = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil) ?? EVP_aes_256_gcm()

/// AES-256-GCM through OpenSSL's EVP interface: the sealing of a record's
/// free text under a per-customer key, and of those keys under the
/// service's key-encryption key. The cipher context is freed on every path.
public enum Sealer {
    /// Bytes in a key.
    public static let keyLength = 32
    /// Bytes in a nonce.
    public static let nonceLength = 12
    /// Bytes in the authentication tag, appended to the ciphertext.
    public static let tagLength = 16

    /// A fresh random key.
    public static func randomKey() throws(SealError) -> [UInt8] {
        try randomBytes(keyLength)
    }

    /// `plaintext` sealed under `key` with additional data `aad`: a fresh
    /// nonce, and the ciphertext followed by the tag.
    public static func seal(_ plaintext: [UInt8], key: [UInt8], aad: [UInt8]) throws(SealError) -> (nonce: [UInt8], ciphertext: [UInt8]) {
        guard key.count == keyLength else { throw SealError(.badKey, "a key is \(keyLength) bytes, not \(key.count)") }
        let nonce = try randomBytes(nonceLength)
        guard let context = EVP_CIPHER_CTX_new() else { throw SealError(.cryptoFailure, "EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var ok = key.withUnsafeBufferPointer { keyBytes in
            nonce.withUnsafeBufferPointer { nonceBytes in
                EVP_EncryptInit_ex(context, aes256GCM, nil, keyBytes.baseAddress, nonceBytes.baseAddress)
            }
        } == 1
        var length: Int32 = 0
        ok = ok && aad.withUnsafeBufferPointer { EVP_EncryptUpdate(context, nil, &length, $0.baseAddress, Int32($0.count)) } == 1
        ok = ok && plaintext.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_EncryptUpdate(context, out.baseAddress, &length, input.baseAddress, Int32(input.count))
            }
        } == 1
        var final: Int32 = 0
        ok = ok && output.withUnsafeMutableBufferPointer { out in
            EVP_EncryptFinal_ex(context, out.baseAddress! + Int(length), &final)
        } == 1
        ok = ok && output.withUnsafeMutableBufferPointer { out in
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), out.baseAddress! + plaintext.count)
        } == 1
        guard ok else { throw SealError(.cryptoFailure, "AES-256-GCM encryption failed") }
        return (nonce, output)
    }

    /// The plaintext of `ciphertext` (with its tag) under `key`; throws when
    /// the key, the nonce, the additional data or any byte is wrong.
    public static func open(_ ciphertext: [UInt8], nonce: [UInt8], key: [UInt8], aad: [UInt8]) throws(SealError) -> [UInt8] {
        guard key.count == keyLength else { throw SealError(.badKey, "a key is \(keyLength) bytes, not \(key.count)") }
        guard nonce.count == nonceLength, ciphertext.count >= tagLength else {
            throw SealError(.malformed, "a nonce is \(nonceLength) bytes and a ciphertext at least \(tagLength)")
        }
        guard let context = EVP_CIPHER_CTX_new() else { throw SealError(.cryptoFailure, "EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        let bodyLength = ciphertext.count - tagLength
        var output = [UInt8](repeating: 0, count: max(bodyLength, 1))
        var ok = key.withUnsafeBufferPointer { keyBytes in
            nonce.withUnsafeBufferPointer { nonceBytes in
                EVP_DecryptInit_ex(context, aes256GCM, nil, keyBytes.baseAddress, nonceBytes.baseAddress)
            }
        } == 1
        var length: Int32 = 0
        ok = ok && aad.withUnsafeBufferPointer { EVP_DecryptUpdate(context, nil, &length, $0.baseAddress, Int32($0.count)) } == 1
        ok = ok && ciphertext.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_DecryptUpdate(context, out.baseAddress, &length, input.baseAddress, Int32(bodyLength))
            }
        } == 1
        var tag = Array(ciphertext[bodyLength...])
        ok = ok && tag.withUnsafeMutableBufferPointer { EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), $0.baseAddress) } == 1
        guard ok else { throw SealError(.cryptoFailure, "AES-256-GCM decryption could not start") }
        var final: Int32 = 0
        let verified = output.withUnsafeMutableBufferPointer { out in
            EVP_DecryptFinal_ex(context, out.baseAddress! + Int(length), &final)
        } == 1
        guard verified else { throw SealError(.authenticationFailed, "the ciphertext, nonce, key or additional data is wrong") }
        return Array(output.prefix(bodyLength))
    }

    static func randomBytes(_ count: Int) throws(SealError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard bytes.withUnsafeMutableBufferPointer({ RAND_bytes($0.baseAddress, Int32(count)) }) == 1 else {
            throw SealError(.cryptoFailure, "RAND_bytes failed")
        }
        return bytes
    }
}
