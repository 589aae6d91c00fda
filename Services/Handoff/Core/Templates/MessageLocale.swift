/// A language the built-in templates are written in.
public enum MessageLocale: String, Sendable, Hashable, CaseIterable {
    /// English.
    case en
    /// Spanish.
    case es
    /// French.
    case fr
    /// German.
    case de

    /// The locale of a BCP 47 tag's language ("es-MX" is Spanish, "de_AT"
    /// German), nil for other languages.
    public init?(languageTag: String) {
        let language = languageTag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        self.init(rawValue: language)
    }

    /// The locale for `languageTag`, English when there is none: a customer
    /// writing in another language still gets a message.
    public static func resolve(_ languageTag: String) -> MessageLocale {
        MessageLocale(languageTag: languageTag) ?? .en
    }
}
