/// The syntax a policy document is written in.
public enum PolicySourceFormat: Sendable {
    /// YAML 1.2 block or flow style.
    case yaml
    /// JSON (read by the same parser, with the same line and column reporting).
    case json
}
