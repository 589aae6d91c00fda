/// Reads `{{placeholder}}` templates, one pass over UTF-16 code units, and
/// collects every error rather than the first, for upload reports.
enum TemplateParser {
    /// The segments of `source` and its errors for `kind`, in template
    /// order, missing placeholders last.
    static func parse(_ source: String, kind: MessageKind) -> (segments: [MessageTemplate.Segment], errors: [TemplateError]) {
        let units = Array(source.utf16)
        let open: UInt16 = 0x7B
        let close: UInt16 = 0x7D
        func at(_ index: Int) -> UInt16 { index < units.count ? units[index] : 0 }
        var segments: [MessageTemplate.Segment] = []
        var errors: [TemplateError] = []
        var used: Set<Placeholder> = []
        var text: [UInt16] = []
        if units.count > TemplateRenderer.maximumLength {
            errors.append(TemplateError(.tooLong, offset: TemplateRenderer.maximumLength))
        }
        func flush() {
            if !text.isEmpty { segments.append(.text(String(decoding: text, as: UTF16.self))) }
            text = []
        }
        var index = 0
        while index < units.count {
            if at(index) == open, at(index + 1) == open {
                // The name runs to the next "}}"; another "{{" or the end
                // first means this one is never closed.
                var end = index + 2
                while end < units.count, !(at(end) == close && at(end + 1) == close), !(at(end) == open && at(end + 1) == open) {
                    end += 1
                }
                guard end < units.count, at(end) == close else {
                    errors.append(TemplateError(.unclosedBraces, offset: index))
                    text += [open, open]
                    index += 2
                    continue
                }
                let name = String(decoding: units[(index + 2)..<end], as: UTF16.self).trimmingSpaces()
                flush()
                if name.isEmpty || !name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) {
                    errors.append(TemplateError(.invalidPlaceholderName, placeholder: name, offset: index))
                } else if let placeholder = Placeholder(rawValue: name), kind.allowedPlaceholders.contains(placeholder) {
                    segments.append(.placeholder(placeholder))
                    used.insert(placeholder)
                } else {
                    errors.append(TemplateError(.unknownPlaceholder, placeholder: name, offset: index))
                }
                index = end + 2
            } else if at(index) == close, at(index + 1) == close {
                errors.append(TemplateError(.unopenedBraces, offset: index))
                text += [close, close]
                index += 2
            } else {
                text.append(units[index])
                index += 1
            }
        }
        flush()
        for placeholder in kind.requiredPlaceholders where !kind.has(placeholder, in: used) {
            errors.append(TemplateError(.missingRequiredPlaceholder, placeholder: placeholder.rawValue))
        }
        return (segments, errors)
    }
}

extension String {
    /// Without leading and trailing spaces, so that `{{ agent_name }}`
    /// reads as `{{agent_name}}`.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }), let last = scalars.lastIndex(where: { $0 != " " })
        else { return "" }
        return String(scalars[first...last])
    }
}
