/// The result of redacting a text: the text with placeholders and where each
/// piece of personal data was.
public struct Redaction: Sendable, Hashable {
    /// The text with every piece of personal data replaced by its
    /// placeholder.
    public var text: String
    /// The spans replaced, in text order, never overlapping.
    public var spans: [RedactedSpan]

    /// A redaction result.
    public init(text: String, spans: [RedactedSpan]) {
        self.text = text
        self.spans = spans
    }
}
