/// A store operation that could not complete for a reason of its own (not
/// the database's).
struct HandoffStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    enum Code: String, Sendable {
        /// Builds of different inputs kept taking the same revision.
        case revisionContention = "revision_contention"
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "\(code.rawValue): \(message)" }
}
