/// Why a checkpoint was refused.
public struct CheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// A body that is not origin, size, root and optional extension lines.
        case malformed
        /// An origin or extension line that cannot be written in a checkpoint.
        case invalidLine
        /// A checkpoint of another log.
        case originMismatch
        /// The signed note around it was refused (see `noteError`).
        case noteRefused
    }

    /// What went wrong.
    public var code: Code
    /// Details for people.
    public var detail: String
    /// The note's own error, for `noteRefused`.
    public var noteError: NoteError?

    /// An error with `code` and `detail`.
    public init(_ code: Code, _ detail: String, noteError: NoteError? = nil) {
        self.code = code
        self.detail = detail
        self.noteError = noteError
    }

    /// "code: detail".
    public var description: String { "\(code.rawValue): \(detail)" }
}
