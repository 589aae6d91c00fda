/// How a stored sealing key is wrapped with the key-encryption key: what
/// its additional data binds (`audit.sealing_keys.wrapping`).
enum SealingKeyWrapping: Int16, Sendable {
    /// Before retention: tenant and owner only. Such a key may have sealed
    /// its owner's entries of any month up to its period (migration 4 gave
    /// it the month of its owner's newest entry).
    case tenantAndOwner = 1
    /// Tenant, owner and period: the key seals its owner's entries of that month only.
    case tenantOwnerAndPeriod = 2
}
