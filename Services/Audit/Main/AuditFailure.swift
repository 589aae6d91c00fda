/// A failure of the log itself (not of the caller's input): the stored
/// state does not add up. The service answers INTERNAL (or DATA_LOSS) and
/// logs it.
struct AuditFailure: Error, Sendable, CustomStringConvertible {
    enum Code: String, Sendable {
        /// Stored rows contradict each other.
        case inconsistent
    }

    var code: Code
    var detail: String

    init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    var description: String { "\(code.rawValue): \(detail)" }
}
