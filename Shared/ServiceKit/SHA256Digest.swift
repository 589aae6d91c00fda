import COpenSSL

/// SHA-256 through OpenSSL (`baton_sha256`: no context allocated per call),
/// for the services' own fingerprints (a request's digest for idempotency,
/// a configuration's version in an audit record).
public enum SHA256Digest {
    /// The 32-byte digest of `bytes`.
    public static func bytes(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { baton_sha256($0.baseAddress, $0.count, &digest) }
        return digest
    }

    /// The digest of `bytes` in lowercase hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(Self.bytes(bytes).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}
