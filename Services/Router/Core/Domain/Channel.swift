/// The channel a customer is served on (`CommonV1.Channel` without its unset
/// value).
public enum Channel: Int, Sendable, Hashable, CaseIterable {
    /// Live text chat on a website or in an app widget.
    case chat = 1
    /// Email.
    case email = 2
    /// Telephone or another live voice line.
    case voice = 3
    /// SMS text messages.
    case sms = 4
    /// Messages on a social network.
    case social = 5
    /// Third-party messaging apps.
    case messagingApp = 6
    /// The tenant's own in-app messaging.
    case inApp = 7
    /// A web contact form.
    case webForm = 8
}
