/// One piece of personal data found in a text and what replaced it.
///
/// Offsets count UTF-16 code units, the unit of JavaScript strings,
/// `NSString` and most desk front ends, so that a desk can highlight a span
/// without converting. In Swift, `String.Index(utf16Offset:in:)` turns one
/// into an index.
public struct RedactedSpan: Sendable, Hashable {
    /// What was found.
    public var kind: PersonalDataKind
    /// Which national identifier, when `kind` is `.nationalID`.
    public var scheme: NationalIDScheme?
    /// Where the personal data is in the original text (UTF-16 offsets).
    public var original: Range<Int>
    /// Where its placeholder is in the redacted text (UTF-16 offsets).
    public var redacted: Range<Int>
    /// The text that replaced it, such as "[email]".
    public var placeholder: String

    /// A span.
    public init(kind: PersonalDataKind, scheme: NationalIDScheme? = nil, original: Range<Int>,
                redacted: Range<Int>, placeholder: String) {
        self.kind = kind
        self.scheme = scheme
        self.original = original
        self.redacted = redacted
        self.placeholder = placeholder
    }
}
