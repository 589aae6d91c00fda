extension MessageLocale {
    /// Position in the per-locale word tables: en, es, fr, de.
    var index: Int {
        switch self {
        case .en: 0
        case .es: 1
        case .fr: 2
        case .de: 3
        }
    }
}
