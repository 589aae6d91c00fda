import COpenSSL

/// An API key as the caller presents it: `bk_<prefix>_<secret>`.
///
/// The prefix (12 lower-case base32 characters) is the key's public id: it is
/// stored in clear, shown in listings and the access log, and finds the key.
/// The secret (32 random bytes, base64url without padding, 43 characters) is
/// shown once at creation; only its SHA-256 is stored. A slow password hash
/// buys nothing for 256 random bits, and SHA-256 keeps a lookup cheap enough
/// to run on every call.
public struct APIKeyToken: Sendable, Hashable {
    /// The public id.
    public var prefix: String
    /// The secret part.
    public var secret: String

    /// The marker every Baton API key starts with.
    public static let marker = "bk_"
    static let markerBytes = Array(marker.utf8)
    static let prefixLength = 12
    static let secretLength = 43
    private static let base32 = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// Creates a token from its parts.
    public init(prefix: String, secret: String) {
        self.prefix = prefix
        self.secret = secret
    }

    /// The token as the caller sends it.
    public var presented: String { "\(Self.marker)\(prefix)_\(secret)" }

    /// Reads a presented token; nil unless it has exactly the shape above
    /// (so a JWT or garbage is never taken for a key).
    public init?(presented: String) {
        var presented = presented
        guard let token = presented.withUTF8({ Self(utf8: $0) }) else { return nil }
        self = token
    }

    /// Reads a presented token from its UTF-8 bytes (what ``PresentedCredential`` reads metadata as); nil
    /// unless it has exactly the shape above. Checked byte by byte, without copies: it runs on every call.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let markerLength = Self.markerBytes.count
        let secretStart = markerLength + Self.prefixLength + 1
        guard bytes.count == secretStart + Self.secretLength, bytes.starts(with: Self.markerBytes),
              bytes[secretStart - 1] == UInt8(ascii: "_") else { return nil }
        let prefix = UnsafeBufferPointer(rebasing: bytes[markerLength..<(secretStart - 1)])
        let secret = UnsafeBufferPointer(rebasing: bytes[secretStart...])
        guard prefix.allSatisfy(Self.isBase32), secret.allSatisfy(Base64URL.isDigit) else { return nil }
        self.prefix = String(decoding: prefix, as: UTF8.self)
        self.secret = String(decoding: secret, as: UTF8.self)
    }

    /// Whether `byte` is a digit of the prefix's alphabet (lower-case base32: `a`–`z`, `2`–`7`).
    static func isBase32(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "2")...UInt8(ascii: "7")).contains(byte)
    }

    /// A new random key (OpenSSL's CSPRNG); nil only if the generator fails.
    public static func generate() -> APIKeyToken? {
        var random = [UInt8](repeating: 0, count: 8 + 32)
        guard random.withUnsafeMutableBufferPointer({ RAND_bytes($0.baseAddress, Int32($0.count)) }) == 1 else { return nil }
        let prefix = (0..<prefixLength).map { base32[Int(random[$0] & 31)] }
        return APIKeyToken(prefix: String(decoding: prefix, as: UTF8.self),
                           secret: Base64URL.encode(Array(random[8...])))
    }

    /// The SHA-256 of the secret: what the store keeps.
    public var secretHash: [UInt8] { Self.hash(secret: secret) }

    /// The SHA-256 of a secret.
    public static func hash(secret: String) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var secret = secret
        secret.withUTF8 { baton_sha256($0.baseAddress, $0.count, &digest) }
        return digest
    }

    /// Whether `secret` hashes to `storedHash`, compared in constant time
    /// (`CRYPTO_memcmp`), so the comparison leaks nothing about how much matched.
    public static func matches(secret: String, storedHash: [UInt8]) -> Bool {
        let digest = hash(secret: secret)
        guard storedHash.count == digest.count else { return false }
        return digest.withUnsafeBytes { a in storedHash.withUnsafeBytes { b in
            CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0
        } }
    }
}
