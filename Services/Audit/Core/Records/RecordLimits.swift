/// The bounds of an appended record: large enough for any decision Baton
/// records, small enough that one caller cannot bloat a tenant's log (an
/// entry is kept forever).
public enum RecordLimits {
    /// Bytes of an identifier (tenant, principal, subject).
    public static let identifierBytes = 128
    /// Subjects per record.
    public static let subjects = 16
    /// Entries in `inputs`.
    public static let inputs = 64
    /// Bytes of an input's key.
    public static let inputKeyBytes = 64
    /// Bytes of an input's value.
    public static let inputValueBytes = 1_024
    /// Bytes of the rationale.
    public static let rationaleBytes = 4_096
    /// Bytes of the decision, category, source service and each model field.
    public static let shortTextBytes = 128
    /// Bytes of the idempotency key.
    public static let idempotencyKeyBytes = 256
    /// Model versions per record.
    public static let modelVersions = 16
}
