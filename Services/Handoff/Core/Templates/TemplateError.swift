/// Why a template was refused on upload or could not be rendered.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// `{{name}}` names a placeholder the message kind does not have.
        case unknownPlaceholder = "unknown_placeholder"
        /// A placeholder the kind requires is not in the template.
        case missingRequiredPlaceholder = "missing_required_placeholder"
        /// `{{` without its `}}` (before the end or the next `{{`).
        case unclosedBraces = "unclosed_braces"
        /// `}}` without a `{{` before it.
        case unopenedBraces = "unopened_braces"
        /// `{{…}}` holds no valid name (lower-case letters, digits and
        /// underscores).
        case invalidPlaceholderName = "invalid_placeholder_name"
        /// The template is longer than `TemplateRenderer.maximumLength`.
        case tooLong = "too_long"
        /// Rendering: no value for a required placeholder.
        case missingValue = "missing_value"
    }

    /// What went wrong.
    public var code: Code
    /// The placeholder concerned, as written in the template (or as
    /// required), when there is one.
    public var placeholder: String?
    /// Where in the template, in UTF-16 code units from its start (the
    /// opening `{{`); nil for what is missing rather than wrong.
    public var offset: Int?

    /// An error.
    public init(_ code: Code, placeholder: String? = nil, offset: Int? = nil) {
        self.code = code
        self.placeholder = placeholder
        self.offset = offset
    }

    /// "unknown_placeholder {{agnet_name}} at offset 12".
    public var description: String {
        var text = code.rawValue
        if let placeholder { text += " {{\(placeholder)}}" }
        if let offset { text += " at offset \(offset)" }
        return text
    }
}
