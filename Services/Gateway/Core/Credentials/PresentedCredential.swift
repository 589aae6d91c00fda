/// The credential a call presents, read from its metadata but not yet
/// checked: an API key to look up, or a JWT to verify.
///
/// Read from `authorization` (`Bearer <token>`; the scheme in any case,
/// one space, one token) and `x-api-key` (an API key only). A Bearer token
/// that has the shape of an API key is one; anything else must have the
/// shape of a compact JWT (three non-empty base64url parts).
public enum PresentedCredential: Sendable, Hashable {
    /// An API key (`bk_<prefix>_<secret>`).
    case apiKey(APIKeyToken)
    /// A compact JWT, as presented.
    case jwt(String)

    /// The longest metadata value read, in bytes; longer ones are refused unread.
    public static let maxValueSize = 8 * 1024

    /// Reads the values of the call's `authorization` and `x-api-key` metadata
    /// (each empty when absent). More than one value of either is malformed;
    /// both present is accepted only when they carry the same API key.
    public init(authorization: [String], apiKey: [String]) throws(CredentialError) {
        guard authorization.count <= 1 else { throw CredentialError(.malformed, "authorization is given \(authorization.count) times") }
        guard apiKey.count <= 1 else { throw CredentialError(.malformed, "x-api-key is given \(apiKey.count) times") }
        let fromAuthorization = try authorization.first.map { (value) throws(CredentialError) in try Self.bearer(value) }
        let fromAPIKey = try apiKey.first.map { (value) throws(CredentialError) in try Self.apiKey(value) }
        switch (fromAuthorization, fromAPIKey) {
        case (nil, nil):
            throw CredentialError(.missing, "no authorization or x-api-key metadata")
        case (let credential?, nil), (nil, let credential?):
            self = credential
        case (let first?, let second?):
            guard first == second else { throw CredentialError(.malformed, "authorization and x-api-key carry different credentials") }
            self = first
        }
    }

    /// The credential in an `authorization` value.
    private static func bearer(_ value: String) throws(CredentialError) -> PresentedCredential {
        try read(value, name: "authorization") { bytes throws(CredentialError) in
            let scheme = Self.bearerScheme
            guard bytes.count > scheme.count,
                  zip(bytes, scheme).allSatisfy({ lowercased($0) == $1 }) else {
                throw CredentialError(.malformed, "authorization is not \"Bearer <token>\"")
            }
            let token = UnsafeBufferPointer(rebasing: bytes[scheme.count...])
            if let key = APIKeyToken(utf8: token) { return .apiKey(key) }
            let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Base64URL.isDigit) }) else {
                throw CredentialError(.malformed, "authorization Bearer token is neither an API key nor a compact JWT")
            }
            return .jwt(String(decoding: token, as: UTF8.self))
        }
    }

    private static let bearerScheme = Array("bearer ".utf8)

    /// The API key in an `x-api-key` value.
    private static func apiKey(_ value: String) throws(CredentialError) -> PresentedCredential {
        try read(value, name: "x-api-key") { bytes throws(CredentialError) in
            guard let key = APIKeyToken(utf8: bytes) else {
                throw CredentialError(.malformed, "x-api-key is not an API key (bk_<prefix>_<secret>)")
            }
            return .apiKey(key)
        }
    }

    /// `parse` applied to the UTF-8 bytes of `value` (in place, uncopied); a value longer than
    /// ``maxValueSize`` is refused unread.
    private static func read(_ value: String, name: String,
                             _ parse: (UnsafeBufferPointer<UInt8>) throws(CredentialError) -> PresentedCredential)
        throws(CredentialError) -> PresentedCredential {
        var value = value
        let result = value.withUTF8 { bytes -> Result<PresentedCredential, CredentialError> in
            guard bytes.count <= maxValueSize else {
                return .failure(CredentialError(.malformed, "\(name) is longer than \(maxValueSize) bytes"))
            }
            do throws(CredentialError) { return .success(try parse(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// An ASCII letter in lower case; other bytes unchanged.
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
