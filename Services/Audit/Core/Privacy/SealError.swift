/// Why sealing or opening failed.
public struct SealError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// A key of the wrong length.
        case badKey
        /// A nonce or ciphertext of the wrong shape.
        case malformed
        /// The tag did not verify: wrong key, data or additional data.
        case authenticationFailed
        /// OpenSSL failed.
        case cryptoFailure
    }

    /// The kind of failure.
    public var code: Code
    /// Details.
    public var detail: String

    /// An error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// "code: detail".
    public var description: String { "\(code.rawValue): \(detail)" }
}
