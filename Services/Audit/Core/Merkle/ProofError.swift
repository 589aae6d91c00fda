/// Why a Merkle proof could not be made or did not verify.
public struct ProofError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// A leaf index at or past the tree size.
        case indexOutOfRange
        /// Tree sizes that cannot be compared: the old larger than the new,
        /// or an empty old tree (nothing to prove).
        case invalidSizes
        /// The proof has the wrong number of hashes for these sizes.
        case wrongProofLength
        /// The proof does not lead to the expected root(s).
        case rootMismatch
        /// A `HashReader` answered with the wrong number of hashes or lacks one.
        case readerMismatch
    }

    /// What went wrong.
    public var code: Code
    /// Details for people, such as the sizes involved.
    public var detail: String

    /// An error with `code` and `detail`.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// "code: detail".
    public var description: String { "\(code.rawValue): \(detail)" }
}
