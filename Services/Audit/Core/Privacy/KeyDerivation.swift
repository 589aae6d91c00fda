import COpenSSL

/// Keys derived from one secret by label: HMAC-SHA-256(secret, label), so
/// the service keeps a single secret (from a file or the environment) and
/// no derived key is ever stored.
public enum KeyDerivation {
    /// The 32-byte key for `label`.
    public static func derive(secret: [UInt8], label: String) -> [UInt8] {
        HMACSHA256.mac(key: secret, message: Array(label.utf8))
    }
}
