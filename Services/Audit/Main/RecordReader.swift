import AuditCore
import Wire

/// Stored entries back into records: decoded, and their details opened
/// with every key of their owners that still exists (an erased customer's
/// are gone, so theirs come back `details_unreadable`).
struct RecordReader: Sendable {
    let keys: SealingKeyStore
    let settings: AuditSettings

    /// The records of `stored` of `tenant`, details opened when `opening` says so.
    func records(tenant: String, _ stored: [LogStore.StoredEntry],
                 opening: (AuditV1.AuditEntry) -> Bool = { _ in true }) async throws -> [AuditV1.AuditRecord] {
        var entries: [(entry: AuditV1.AuditEntry, leafHash: [UInt8])] = []
        entries.reserveCapacity(stored.count)
        for row in stored {
            guard let entry = try? AuditV1.AuditEntry(serializedBytes: row.entry) else {
                throw AuditFailure(.inconsistent, "entry \(row.index) of tenant '\(tenant)' does not decode")
            }
            entries.append((entry, row.leafHash?.bytes ?? []))
        }
        let owners = Array(Set(entries.filter { opening($0.entry) }.compactMap { $0.entry.details?.customerPseudonym }))
        var opened: [String: [UInt32: [UInt8]]] = [:]
        for (owner, versions) in try await keys.allVersions(tenant: tenant, owners: owners) {
            for (version, wrapped) in versions {
                opened[owner, default: [:]][version] = try SealingKeys.unwrap(wrapped, tenant: tenant, owner: owner, settings: settings)
            }
        }
        return entries.map { entry, leafHash in
            EntryBuilder.record(of: entry, leafHash: leafHash,
                                key: entry.details.flatMap { opened[$0.customerPseudonym]?[$0.keyVersion] })
        }
    }
}
