/// baton-handoff's pure pieces, testable without sockets or a database:
/// redaction of personal data for the REDACTED view and for logs, and the
/// customer-facing message templates (validation on upload, rendering, the
/// built-in defaults per locale).
public enum HandoffCore {
    /// The version of the redaction rules and default templates, for audit
    /// records.
    public static let version = "0.1.0"
}
