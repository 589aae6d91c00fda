/// The Postgres text-search configuration for a language: english,
/// spanish, french and german have stemmers and stop words; every other
/// language gets simple (lower-cased words, no stemming).
public enum SearchLanguage: String, Sendable, Hashable, CaseIterable {
    /// English.
    case english
    /// Spanish.
    case spanish
    /// French.
    case french
    /// German.
    case german
    /// Any other language.
    case simple

    /// The configuration for a BCP 47 tag ("es-MX" is spanish).
    public init(languageTag: String) {
        switch MessageLocale(languageTag: languageTag) {
        case .en: self = .english
        case .es: self = .spanish
        case .fr: self = .french
        case .de: self = .german
        case nil: self = .simple
        }
    }

    /// The number stored in `handoff.articles.search_language`, written into
    /// SQL as a constant.
    public var code: Int32 {
        switch self {
        case .english: 1
        case .spanish: 2
        case .french: 3
        case .german: 4
        case .simple: 5
        }
    }
}
