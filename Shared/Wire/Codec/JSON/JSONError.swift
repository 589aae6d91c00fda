/// A JSON document could not be decoded into a message: what went wrong and
/// at which field.
///
/// The path is built while the error unwinds, so it reads from the outermost
/// field inwards, with repeated indexes and map keys:
/// `escalation.required_skills[2].min_level: 11.5 is not an integer`.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case syntax
            case wrongType
            case notAnInteger
            case outOfRange
            case unknownEnumValue
            case unknownField
            case duplicateField
            case oneofConflict
            case invalidString
            case invalidBase64
            case invalidTimestamp
            case invalidDuration
            case depthLimitExceeded
            case messageTooLarge
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The input is not JSON (or has trailing bytes after the value).
        public static let syntax = Code(.syntax)
        /// A value of the wrong JSON type for the field, such as an array for a string.
        public static let wrongType = Code(.wrongType)
        /// An integer field holds a number with a fraction, or text that is not a number.
        public static let notAnInteger = Code(.notAnInteger)
        /// A number outside its field's range.
        public static let outOfRange = Code(.outOfRange)
        /// An enum name the enum does not declare.
        public static let unknownEnumValue = Code(.unknownEnumValue)
        /// A member name the message does not declare.
        public static let unknownField = Code(.unknownField)
        /// The same field twice (by either of its names).
        public static let duplicateField = Code(.duplicateField)
        /// Two members of one oneof.
        public static let oneofConflict = Code(.oneofConflict)
        /// A string with a bad escape, a lone surrogate, a control character or invalid UTF-8.
        public static let invalidString = Code(.invalidString)
        /// A `bytes` value that is not base64.
        public static let invalidBase64 = Code(.invalidBase64)
        /// A `google.protobuf.Timestamp` that is not RFC 3339 or out of its range.
        public static let invalidTimestamp = Code(.invalidTimestamp)
        /// A `google.protobuf.Duration` that is not `<seconds>s` or out of its range.
        public static let invalidDuration = Code(.invalidDuration)
        /// Objects and arrays nested deeper than the decoder's limit.
        public static let depthLimitExceeded = Code(.depthLimitExceeded)
        /// The input is larger than the decoder's size limit.
        public static let messageTooLarge = Code(.messageTooLarge)

        public var description: String {
            switch base {
            case .syntax: "syntax error"
            case .wrongType: "wrong JSON type"
            case .notAnInteger: "not an integer"
            case .outOfRange: "out of range"
            case .unknownEnumValue: "unknown enum value"
            case .unknownField: "unknown field"
            case .duplicateField: "duplicate field"
            case .oneofConflict: "more than one member of a oneof"
            case .invalidString: "invalid string"
            case .invalidBase64: "invalid base64"
            case .invalidTimestamp: "invalid timestamp"
            case .invalidDuration: "invalid duration"
            case .depthLimitExceeded: "nested too deeply"
            case .messageTooLarge: "larger than the size limit"
            }
        }
    }

    /// One step of the path to the bad value.
    public enum PathComponent: Hashable, Sendable {
        /// A field, by its `.proto` name.
        case field(String)
        /// An element of a repeated field.
        case index(Int)
        /// An entry of a map field, by its key as written in the JSON.
        case key(String)
    }

    /// The kind of problem.
    public var code: Code
    /// What was wrong, for people: `11.5 is not an integer`.
    public var reason: String
    /// Byte offset from the start of the input where the problem was found.
    public var offset: Int
    /// Where the bad value is, outermost first.
    public var path: [PathComponent]

    /// Creates an error.
    public init(_ code: Code, _ reason: String, offset: Int, path: [PathComponent] = []) {
        self.code = code
        self.reason = reason
        self.offset = offset
        self.path = path
    }

    /// The path as text: `escalation.required_skills[2].min_level`, or empty.
    public var field: String {
        var text = ""
        for component in path {
            switch component {
            case .field(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .index(let index): text += "[\(index)]"
            case .key(let key): text += "[\"\(key)\"]"
            }
        }
        return text
    }

    public var description: String {
        path.isEmpty ? reason : "\(field): \(reason)"
    }

    /// The error with `component` put in front of its path, as it rises out of a field.
    @inlinable
    public func prefixed(_ component: PathComponent) -> JSONError {
        var error = self
        error.path.insert(component, at: 0)
        return error
    }

    /// The error with the field `name` put in front of its path, when there is one.
    @inlinable
    public func prefixed(field name: String?) -> JSONError {
        guard let name else { return self }
        return prefixed(.field(name))
    }
}
