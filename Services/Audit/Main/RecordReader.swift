import AuditCore
import Wire

/// Stored entries back into records: decoded, and their details opened
/// with the keys of their owners that still exist. An entry's key is the
/// one of its owner, key version and month of record_time, or a key stored
/// before retention existed of that owner and version; an erased customer's
/// keys and the months past retention are gone, so theirs come back
/// `details_unreadable`.
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
        var monthly: [KeyName: [UInt8]] = [:]
        var unbound: [KeyName: [[UInt8]]] = [:]
        for (owner, stored) in try await keys.allKeys(tenant: tenant, owners: owners) {
            for wrapped in stored {
                let key = try SealingKeys.unwrap(wrapped, tenant: tenant, owner: owner, settings: settings)
                switch wrapped.wrapping {
                case .tenantOwnerAndPeriod:
                    monthly[KeyName(owner: owner, version: wrapped.version, period: wrapped.period)] = key
                case .tenantAndOwner:
                    unbound[KeyName(owner: owner, version: wrapped.version, period: nil), default: []].append(key)
                }
            }
        }
        return entries.map { entry, leafHash in
            var candidates: [[UInt8]] = []
            if let details = entry.details, let recordTime = entry.recordTime?.date {
                let period = SealingPeriod(containing: recordTime)
                candidates = [monthly[KeyName(owner: details.customerPseudonym, version: details.keyVersion, period: period)]].compactMap { $0 }
                    + unbound[KeyName(owner: details.customerPseudonym, version: details.keyVersion, period: nil), default: []]
            }
            return EntryBuilder.record(of: entry, leafHash: leafHash, keys: candidates)
        }
    }

    /// Where a key is found: owner, version and month (nil for a key stored before retention).
    private struct KeyName: Hashable {
        var owner: String
        var version: UInt32
        var period: SealingPeriod?
    }
}
