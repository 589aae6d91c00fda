/// A customer message ready to send.
public struct RenderedMessage: Sendable, Hashable {
    /// The text.
    public var text: String
    /// The language it is in (the requested one, or English when there is
    /// no template in it), for `TransitionMessageResponse.language`.
    public var locale: MessageLocale
    /// True when the tenant's own template was used.
    public var fromOverride: Bool

    /// A message.
    public init(text: String, locale: MessageLocale, fromOverride: Bool) {
        self.text = text
        self.locale = locale
        self.fromOverride = fromOverride
    }
}
