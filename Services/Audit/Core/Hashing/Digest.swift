import COpenSSL

/// SHA-256 from OpenSSL's libcrypto.
///
/// The one-shot `SHA256` is not among OpenSSL 3's deprecated low-level
/// calls, and it needs no context allocation per hash, which matters when a
/// tile of 256 leaves takes 255 node hashes.
enum Digest {
    /// SHA-256 of `prefix` (if any) followed by the given parts.
    static func sha256(prefix: UInt8?, _ parts: [UInt8]...) -> TreeHash {
        var input: [UInt8] = []
        input.reserveCapacity(parts.reduce(prefix == nil ? 0 : 1) { $0 + $1.count })
        if let prefix { input.append(prefix) }
        for part in parts { input.append(contentsOf: part) }
        return TreeHash(digest: sha256(input))
    }

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: TreeHash.byteCount)
        bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                _ = SHA256(input.baseAddress, input.count, output.baseAddress)
            }
        }
        return digest
    }
}
