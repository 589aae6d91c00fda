/// The verifier keys a reader trusts, looked up by the name and key hash on
/// each signature line. Several keys may be published for one log while its
/// key rotates.
public struct NoteVerifiers: Sendable {
    private let byNameAndHash: [NameAndHash: [NoteVerifier]]

    private struct NameAndHash: Hashable {
        var name: String
        var hash: UInt32
    }

    /// The set of `verifiers`.
    public init(_ verifiers: [NoteVerifier]) {
        byNameAndHash = Dictionary(grouping: verifiers) { NameAndHash(name: $0.name, hash: $0.keyHash) }
    }

    /// The verifier for a name and key hash; nil if unknown. Throws when two
    /// different keys share both (they could not be told apart).
    public func verifier(name: String, keyHash: UInt32) throws(NoteError) -> NoteVerifier? {
        guard let candidates = byNameAndHash[NameAndHash(name: name, hash: keyHash)] else { return nil }
        let distinct = Set(candidates)
        guard distinct.count == 1, let verifier = distinct.first else {
            throw NoteError(.ambiguousVerifier, "two keys named \(name)+\(Hex.encode(keyHash))")
        }
        return verifier
    }
}
