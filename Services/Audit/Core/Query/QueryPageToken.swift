import Foundation

/// The opaque `page_token` of Query: where the previous page stopped and a
/// digest of the filters it was asked with, so a token is refused with
/// other filters. The text is base64url (no padding) of 17 bytes: a version
/// byte (1), the last index returned (8 bytes, big-endian), and the first 8
/// bytes of SHA-256 of the filters' canonical text.
public struct QueryPageToken: Sendable, Hashable {
    /// Index of the last record of the previous page.
    public var lastIndex: UInt64
    /// The first 8 bytes of SHA-256 of the filters' canonical text.
    public var filterDigest: [UInt8]

    /// A token after `lastIndex` for the filters of digest `filterDigest`.
    public init(lastIndex: UInt64, filterDigest: [UInt8]) {
        self.lastIndex = lastIndex
        self.filterDigest = filterDigest
    }

    /// The digest of filters given as fields in a fixed order: each field's
    /// UTF-8 followed by a NUL (identifiers hold no control characters, so
    /// no two lists of fields give the same text).
    public static func digest(ofFilters fields: [String]) -> [UInt8] {
        var text: [UInt8] = []
        for field in fields {
            text.append(contentsOf: field.utf8)
            text.append(0)
        }
        return Array(Digest.sha256(text).prefix(8))
    }

    /// The token as Query returns it.
    public var text: String {
        var bytes: [UInt8] = [1]
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: lastIndex >> UInt64(shift))) }
        bytes.append(contentsOf: filterDigest)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Reads `text`, which must have been made for filters of digest
    /// `filterDigest`; throws naming `page_token` otherwise.
    public static func read(_ text: String, filterDigest: [UInt8]) throws(InvalidRecord) -> QueryPageToken {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard text.utf8.count <= 64, let data = Data(base64Encoded: base64), data.count == 17, data.first == 1 else {
            throw InvalidRecord(field: "page_token", reason: "not a token this service made")
        }
        let bytes = [UInt8](data)
        guard Array(bytes[9...]) == filterDigest else {
            throw InvalidRecord(field: "page_token", reason: "made for other filters; ask again from the first page")
        }
        let index = bytes[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return QueryPageToken(lastIndex: index, filterDigest: filterDigest)
    }
}
