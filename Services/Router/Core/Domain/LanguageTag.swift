/// Matching of BCP 47 language tags between a customer and an agent.
public enum LanguageTag {
    /// True when an agent speaking `offered` can serve a customer asking for
    /// `requested`: the tags are equal ignoring case, or one is a prefix of the
    /// other at a subtag boundary ("en" serves "en-GB" and the other way round),
    /// so a region or script the customer names is never silently swapped
    /// ("en-GB" does not match "en-US", nor "zh-Hant" "zh-Hans").
    public static func matches(requested: String, offered: String) -> Bool {
        // The common case, without splitting (the matcher asks for every agent of every escalation).
        if requested == offered { return requested.utf8.contains { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_") } }
        let requestedSubtags = subtags(requested)
        let offeredSubtags = subtags(offered)
        guard !requestedSubtags.isEmpty, !offeredSubtags.isEmpty else { return false }
        let shared = min(requestedSubtags.count, offeredSubtags.count)
        return requestedSubtags.prefix(shared) == offeredSubtags.prefix(shared)
    }

    /// Lower-cased subtags; "_" is accepted for "-" because POSIX locales use it.
    static func subtags(_ tag: String) -> [String] {
        tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
    }
}
