import AuditCore

/// What one sealing key covers: an owner (a customer pseudonym, "" for
/// records about no customer) and a month of record_time.
struct SealingScope: Sendable, Hashable {
    var owner: String
    var period: SealingPeriod
}
