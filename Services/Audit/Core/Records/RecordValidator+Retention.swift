public import Wire

extension RecordValidator {
    /// Checks a SetRetention request before anything is written; returns
    /// the retention in seconds, nil for `keep_forever`. Every refusal
    /// names the field.
    public static func validate(_ request: AuditV1.SetRetentionRequest) throws(InvalidRecord) -> Int64? {
        try identifier(request.tenantID, "tenant_id")
        try text(request.idempotencyKey, "idempotency_key", max: RecordLimits.idempotencyKeyBytes, required: false)
        try requester(request.requestedBy)
        if request.keepForever {
            guard request.retention == nil else { throw InvalidRecord(field: "retention", reason: "not with keep_forever") }
            return nil
        }
        guard let retention = request.retention else { throw InvalidRecord(field: "retention", reason: "required unless keep_forever") }
        guard retention.nanos == 0 else { throw InvalidRecord(field: "retention", reason: "whole seconds only") }
        guard retention.seconds >= RetentionRule.minimumSeconds, retention.seconds <= RetentionRule.maximumSeconds else {
            throw InvalidRecord(field: "retention", reason: "at least 1 day and at most 36500 days")
        }
        return retention.seconds
    }
}
