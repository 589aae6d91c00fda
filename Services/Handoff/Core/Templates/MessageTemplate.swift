/// A template parsed into text and placeholders, valid for its kind.
public struct MessageTemplate: Sendable, Hashable {
    /// A piece of a template.
    enum Segment: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// A placeholder to fill.
        case placeholder(Placeholder)
    }

    /// The message kind it is for.
    public let kind: MessageKind
    /// The template as written.
    public let source: String
    /// Its pieces, in order.
    let segments: [Segment]

    /// `source` parsed for `kind`; throws the first error `TemplateRenderer
    /// .validate(template:kind:)` would report.
    public init(_ source: String, kind: MessageKind) throws(TemplateError) {
        let parsed = TemplateParser.parse(source, kind: kind)
        if let error = parsed.errors.first { throw error }
        self.init(kind: kind, source: source, segments: parsed.segments)
    }

    /// A template already parsed.
    init(kind: MessageKind, source: String, segments: [Segment]) {
        self.kind = kind
        self.source = source
        self.segments = segments
    }

    /// The text with `values` in place of the placeholders, inserted as
    /// they are: a value holding "{{…}}" is not expanded again. An optional
    /// placeholder without a value renders as nothing; a required one
    /// throws `missingValue`.
    public func render(_ values: [Placeholder: String]) throws(TemplateError) -> String {
        var text = ""
        for segment in segments {
            switch segment {
            case .text(let literal):
                text += literal
            case .placeholder(let placeholder):
                if let value = values[placeholder] {
                    text += value
                } else if kind.requiredPlaceholders.contains(placeholder) {
                    throw TemplateError(.missingValue, placeholder: placeholder.rawValue)
                }
            }
        }
        return text
    }
}
