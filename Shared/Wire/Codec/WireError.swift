/// A message could not be decoded: what went wrong, where, and in which field.
///
/// Decoding never traps on bad input; every problem is reported as one of
/// these, so a server can answer with `INVALID_ARGUMENT` and a precise message.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case truncated
            case malformedVarint
            case lengthOutOfBounds
            case invalidTag
            case invalidWireType
            case wrongWireType
            case invalidUTF8
            case depthLimitExceeded
            case messageTooLarge
            case unmatchedGroup
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The input ended in the middle of a value.
        public static let truncated = Code(.truncated)
        /// A varint ran past 10 bytes or overflowed 64 bits.
        public static let malformedVarint = Code(.malformedVarint)
        /// A length prefix points past the end of the enclosing message.
        public static let lengthOutOfBounds = Code(.lengthOutOfBounds)
        /// A tag with field number 0 or one past 2^29 - 1.
        public static let invalidTag = Code(.invalidTag)
        /// A tag whose wire type is 6 or 7, which protobuf does not define.
        public static let invalidWireType = Code(.invalidWireType)
        /// A known field arrived with a wire type its declared type cannot have.
        public static let wrongWireType = Code(.wrongWireType)
        /// A `string` field is not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// Messages are nested deeper than the decoder's limit.
        public static let depthLimitExceeded = Code(.depthLimitExceeded)
        /// The input is larger than the decoder's size limit.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// A group end tag without its start, or a group that never ends.
        public static let unmatchedGroup = Code(.unmatchedGroup)

        public var description: String {
            switch base {
            case .truncated: "truncated input"
            case .malformedVarint: "malformed varint"
            case .lengthOutOfBounds: "length past the end of the message"
            case .invalidTag: "invalid field number"
            case .invalidWireType: "invalid wire type"
            case .wrongWireType: "wrong wire type for the field"
            case .invalidUTF8: "string is not valid UTF-8"
            case .depthLimitExceeded: "messages nested too deeply"
            case .messageTooLarge: "message larger than the size limit"
            case .unmatchedGroup: "unmatched group"
            }
        }
    }

    /// The kind of problem.
    public var code: Code
    /// Byte offset from the start of the input where the problem was found.
    public var offset: Int
    /// The field being decoded, as `Message.field` (outermost first), when known.
    public var fieldPath: [String]

    /// Creates an error.
    public init(_ code: Code, offset: Int, fieldPath: [String] = []) {
        self.code = code
        self.offset = offset
        self.fieldPath = fieldPath
    }

    /// The field path joined with dots, or an empty string.
    public var field: String { fieldPath.joined(separator: ".") }

    public var description: String {
        fieldPath.isEmpty
            ? "\(code) at byte \(offset)"
            : "\(code) in field '\(field)' at byte \(offset)"
    }
}
