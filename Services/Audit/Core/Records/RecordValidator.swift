public import Wire

/// Checks an appended record before anything is written; every refusal
/// names the field.
public enum RecordValidator {
    /// Checks `record` and its idempotency key.
    public static func validate(_ record: AuditV1.AuditRecord, idempotencyKey: String) throws(InvalidRecord) {
        try identifier(record.tenantID, "record.tenant_id")
        try text(idempotencyKey, "idempotency_key", max: RecordLimits.idempotencyKeyBytes, required: true)
        switch record.kind {
        case .unspecified: throw InvalidRecord(field: "record.kind", reason: "required")
        case .unrecognized(let value): throw InvalidRecord(field: "record.kind", reason: "unknown kind \(value)")
        case .customerErased: throw InvalidRecord(field: "record.kind", reason: "RECORD_KIND_CUSTOMER_ERASED is appended by EraseCustomer only")
        case .retentionChanged: throw InvalidRecord(field: "record.kind", reason: "RECORD_KIND_RETENTION_CHANGED is appended by SetRetention only")
        default: break
        }
        guard let principal = record.performedBy else { throw InvalidRecord(field: "record.performed_by", reason: "required") }
        switch principal.kind {
        case .unspecified: throw InvalidRecord(field: "record.performed_by.kind", reason: "required")
        case .unrecognized(let value): throw InvalidRecord(field: "record.performed_by.kind", reason: "unknown kind \(value)")
        default: break
        }
        try identifier(principal.principalID, "record.performed_by.principal_id")
        guard record.subjects.count <= RecordLimits.subjects else {
            throw InvalidRecord(field: "record.subjects", reason: "more than \(RecordLimits.subjects)")
        }
        var customers = 0
        for (index, subject) in record.subjects.enumerated() {
            switch subject.kind {
            case .unspecified: throw InvalidRecord(field: "record.subjects[\(index)].kind", reason: "required")
            case .unrecognized(let value): throw InvalidRecord(field: "record.subjects[\(index)].kind", reason: "unknown kind \(value)")
            case .customer: customers += 1
            default: break
            }
            try identifier(subject.subjectID, "record.subjects[\(index)].subject_id")
        }
        guard customers <= 1 else {
            throw InvalidRecord(field: "record.subjects", reason: "at most one customer (their key seals the details)")
        }
        guard record.inputs.count <= RecordLimits.inputs else {
            throw InvalidRecord(field: "record.inputs", reason: "more than \(RecordLimits.inputs) entries")
        }
        for (key, value) in record.inputs {
            try text(key, "record.inputs", max: RecordLimits.inputKeyBytes, required: true)
            try text(value, "record.inputs[\"\(key)\"]", max: RecordLimits.inputValueBytes, required: false)
        }
        try text(record.rationale, "record.rationale", max: RecordLimits.rationaleBytes, required: false)
        try text(record.decision, "record.decision", max: RecordLimits.shortTextBytes, required: true)
        try text(record.category, "record.category", max: RecordLimits.shortTextBytes, required: false)
        try text(record.sourceService, "record.source_service", max: RecordLimits.shortTextBytes, required: false)
        guard record.modelVersions.count <= RecordLimits.modelVersions else {
            throw InvalidRecord(field: "record.model_versions", reason: "more than \(RecordLimits.modelVersions)")
        }
        for (index, model) in record.modelVersions.enumerated() {
            try text(model.component, "record.model_versions[\(index)].component", max: RecordLimits.shortTextBytes, required: true)
            try text(model.model, "record.model_versions[\(index)].model", max: RecordLimits.shortTextBytes, required: false)
            try text(model.version, "record.model_versions[\(index)].version", max: RecordLimits.shortTextBytes, required: false)
        }
        for (index, category) in record.triggerCategories.enumerated() {
            if case .unrecognized(let value) = category {
                throw InvalidRecord(field: "record.trigger_categories[\(index)]", reason: "unknown category \(value)")
            }
        }
        guard let decideTime = record.decideTime else { throw InvalidRecord(field: "record.decide_time", reason: "required") }
        guard decideTime.nanos >= 0, decideTime.nanos < 1_000_000_000, decideTime.seconds > 0, decideTime.seconds < 253_402_300_800 else {
            throw InvalidRecord(field: "record.decide_time", reason: "not a valid timestamp")
        }
    }

    /// An identifier: no control characters at all (they separate fields in
    /// the store's columns and in notification payloads).
    static func identifier(_ value: String, _ field: String) throws(InvalidRecord) {
        try text(value, field, max: RecordLimits.identifierBytes, required: true)
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw InvalidRecord(field: field, reason: "contains control characters")
        }
    }

    /// At most `max` bytes, no control characters but tab and newline.
    static func text(_ value: String, _ field: String, max: Int, required: Bool) throws(InvalidRecord) {
        if required, value.isEmpty { throw InvalidRecord(field: field, reason: "required") }
        guard value.utf8.count <= max else { throw InvalidRecord(field: field, reason: "longer than \(max) bytes") }
        guard !value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0.value != 0x09 && $0.value != 0x0A) || (0x7F...0x9F).contains($0.value) }) else {
            throw InvalidRecord(field: field, reason: "contains control characters")
        }
    }
}
