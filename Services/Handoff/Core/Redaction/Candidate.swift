/// A piece of personal data one detector found, before overlaps between
/// detectors are resolved.
struct Candidate: Sendable, Hashable {
    /// What was found.
    var kind: PersonalDataKind
    /// Which national identifier, for `.nationalID`.
    var scheme: NationalIDScheme?
    /// Where, in UTF-16 offsets.
    var range: Range<Int>
    /// What replaces it.
    var placeholder: String

    /// A candidate whose placeholder is the kind's default.
    init(_ kind: PersonalDataKind, _ range: Range<Int>, scheme: NationalIDScheme? = nil, placeholder: String? = nil) {
        self.kind = kind
        self.scheme = scheme
        self.range = range
        self.placeholder = placeholder ?? Redactor.placeholder(for: kind)
    }
}
