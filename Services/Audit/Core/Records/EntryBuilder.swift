public import Foundation
public import Wire

/// Turns an appended record into the entry the log stores (the leaf) and
/// back into the record a query returns: identifiers of people and their
/// conversations and orders become pseudonyms, and the free text (inputs and
/// rationale) is sealed with the customer's key, so a leaf commits only to
/// pseudonyms and ciphertext.
public struct EntryBuilder: Sendable {
    /// The tenant's pseudonymizer.
    public let pseudonymizer: Pseudonymizer

    /// A builder for one tenant.
    public init(pseudonymizer: Pseudonymizer) {
        self.pseudonymizer = pseudonymizer
    }

    /// The subject kinds stored as pseudonyms; escalations and approvals
    /// are Baton's own identifiers and stay as they are.
    public static func isPseudonymized(_ kind: AuditV1.SubjectKind) -> Bool {
        switch kind {
        case .customer, .conversation, .agent, .order: true
        default: false
        }
    }

    /// The stable name of a subject kind, hashed with the identifier.
    public static func name(of kind: AuditV1.SubjectKind) -> String {
        switch kind {
        case .customer: "customer"
        case .conversation: "conversation"
        case .escalation: "escalation"
        case .agent: "agent"
        case .order: "order"
        case .approval: "approval"
        default: "kind\(kind.rawValue)"
        }
    }

    /// `subject` as stored: its identifier pseudonymized when its kind is.
    public func stored(_ subject: AuditV1.AuditSubject) -> AuditV1.AuditSubject {
        guard Self.isPseudonymized(subject.kind), !subject.subjectID.hasPrefix("ps_") else { return subject }
        var stored = subject
        stored.subjectID = pseudonymizer.pseudonym(kind: Self.name(of: subject.kind), id: subject.subjectID)
        return stored
    }

    /// `record` with its subjects as stored (``stored(_:)``): what the
    /// appender keeps of an Append as it arrives, so the pseudonyms (an HMAC
    /// each) are computed on the caller's task and not in the batch, where
    /// ``entry(of:index:recordTime:owner:keyVersion:key:)`` leaves them as
    /// they are; the entry is the same as from `record`.
    public func withStoredSubjects(_ record: AuditV1.AuditRecord) -> AuditV1.AuditRecord {
        var stored = record
        stored.subjects = record.subjects.map(self.stored)
        return stored
    }

    /// The pseudonym of the record's customer, "" when it is about none: the
    /// owner of the key that seals its details. Nil for a record that has no
    /// details to seal (an erasure: sealing would make the erased customer a
    /// new key).
    public func sealingOwner(of record: AuditV1.AuditRecord) -> String? {
        guard Self.hasDetails(record.kind) else { return nil }
        return record.subjects.first { $0.kind == .customer }.map { stored($0).subjectID } ?? ""
    }

    /// Whether entries of `kind` carry sealed details; an erasure carries none.
    public static func hasDetails(_ kind: AuditV1.RecordKind) -> Bool {
        kind != .customerErased
    }

    /// The entry of `record` at `index`, appended at `recordTime`, its
    /// details sealed under `key` (version `keyVersion` of `owner`'s key);
    /// without a key, the entry has no details.
    public func entry(of record: AuditV1.AuditRecord, index: UInt64, recordTime: Date, owner: String, keyVersion: UInt32,
                      key: [UInt8]?) throws(SealError) -> AuditV1.AuditEntry {
        var principal = record.performedBy ?? .init()
        principal.displayName = ""
        switch principal.kind {
        case .humanAgent, .supervisor, .administrator, .customer:
            principal.principalID = pseudonymizer.pseudonym(kind: "principal", id: principal.principalID)
        default:
            break
        }
        var sealed: AuditV1.SealedDetails?
        if let key {
            let details = AuditV1.AuditDetails.with {
                $0.inputs = record.inputs
                $0.rationale = record.rationale
            }
            let (nonce, ciphertext) = try Sealer.seal(details.serializedBytes(), key: key,
                                                      aad: Self.additionalData(tenant: record.tenantID, index: index))
            sealed = .with {
                $0.customerPseudonym = owner
                $0.keyVersion = keyVersion
                $0.nonce = nonce
                $0.ciphertext = ciphertext
            }
        }
        return AuditV1.AuditEntry.with {
            $0.index = index
            $0.tenantID = record.tenantID
            $0.kind = record.kind
            $0.performedBy = principal
            $0.subjects = record.subjects.map(stored)
            $0.policyVersion = record.policyVersion
            $0.modelVersions = record.modelVersions
            $0.decision = record.decision
            $0.category = record.category
            $0.triggerCategories = record.triggerCategories
            $0.sourceService = record.sourceService
            $0.decideTime = record.decideTime
            $0.recordTime = .init(date: recordTime)
            $0.pseudonymKeyVersion = pseudonymizer.version
            $0.details = sealed
        }
    }

    /// The record a query returns for `entry`: pseudonyms as stored, and the
    /// details when one of `keys` (the owner's keys that may have sealed it,
    /// if still there) opens them. An entry without details (an erasure) is
    /// never unreadable; a sealed one no key opens is.
    public static func record(of entry: AuditV1.AuditEntry, leafHash: [UInt8], keys: [[UInt8]]) -> AuditV1.AuditRecord {
        var record = AuditV1.AuditRecord.with {
            $0.index = entry.index
            $0.tenantID = entry.tenantID
            $0.kind = entry.kind
            $0.performedBy = entry.performedBy
            $0.subjects = entry.subjects
            $0.policyVersion = entry.policyVersion
            $0.modelVersions = entry.modelVersions
            $0.decision = entry.decision
            $0.category = entry.category
            $0.triggerCategories = entry.triggerCategories
            $0.sourceService = entry.sourceService
            $0.decideTime = entry.decideTime
            $0.recordTime = entry.recordTime
            $0.leafHash = leafHash
            $0.pseudonymKeyVersion = entry.pseudonymKeyVersion
        }
        guard let sealed = entry.details else { return record }
        let aad = additionalData(tenant: entry.tenantID, index: entry.index)
        guard let plaintext = keys.lazy.compactMap({ try? Sealer.open(sealed.ciphertext, nonce: sealed.nonce, key: $0, aad: aad) }).first,
              let details = try? AuditV1.AuditDetails(serializedBytes: plaintext) else {
            record.detailsUnreadable = true
            return record
        }
        record.inputs = details.inputs
        record.rationale = details.rationale
        return record
    }

    /// What sealed details are bound to: the tenant and the entry's index,
    /// so ciphertext moved to another entry does not open.
    public static func additionalData(tenant: String, index: UInt64) -> [UInt8] {
        Array("\(tenant)\n\(index)".utf8)
    }
}
