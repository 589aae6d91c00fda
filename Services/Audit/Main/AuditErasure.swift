import Wire

/// How an erasure is written in the log: its record kind, as the store's
/// `kind` column holds it.
enum AuditErasure {
    /// `RECORD_KIND_CUSTOMER_ERASED`.
    static let kind = Int(AuditV1.RecordKind.customerErased.rawValue)
}
