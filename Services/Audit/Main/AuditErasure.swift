import Wire

/// How an erasure is written in the log: its record kind, as the store's
/// `kind` column holds it (a constant in SQL text, so the erasures' partial
/// index serves the queries that count them).
enum AuditErasure {
    /// `RECORD_KIND_CUSTOMER_ERASED`.
    static let kind = AuditV1.RecordKind.customerErased
}
