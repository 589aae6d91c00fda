import COpenSSL

/// SHA-256 from OpenSSL's libcrypto.
///
/// Tree hashes go through `baton_sha256_prefixed` (COpenSSL's shim): the
/// prefix byte and the parts are fed to one stack context where they lie, so
/// the only allocation per hash is the hash itself; verifying a log takes two
/// hashes per entry. Other digests use the one-shot `SHA256`.
enum Digest {
    /// SHA-256 of `prefix`, then `first`, then `second`.
    static func sha256(prefix: UInt8, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer = .init(start: nil, count: 0))
        -> TreeHash {
        TreeHash(digest: [UInt8](unsafeUninitializedCapacity: TreeHash.byteCount) { output, count in
            baton_sha256_prefixed(prefix, first.baseAddress, first.count, second.baseAddress, second.count, output.baseAddress)
            count = TreeHash.byteCount
        })
    }

    /// SHA-256 of `prefix` followed by the 32 bytes of `left` and of `right`.
    static func sha256(prefix: UInt8, _ left: TreeHash, _ right: TreeHash) -> TreeHash {
        left.bytes.withUnsafeBytes { left in right.bytes.withUnsafeBytes { right in sha256(prefix: prefix, left, right) } }
    }

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: TreeHash.byteCount) { output, count in
            bytes.withUnsafeBufferPointer { baton_sha256($0.baseAddress, $0.count, output.baseAddress) }
            count = TreeHash.byteCount
        }
    }
}
