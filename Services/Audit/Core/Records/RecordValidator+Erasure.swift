public import Wire

extension RecordValidator {
    /// Checks an EraseCustomer request before anything is written; every
    /// refusal names the field.
    public static func validate(_ request: AuditV1.EraseCustomerRequest) throws(InvalidRecord) {
        try identifier(request.tenantID, "tenant_id")
        try identifier(request.customerID, "customer_id")
        try text(request.idempotencyKey, "idempotency_key", max: RecordLimits.idempotencyKeyBytes, required: false)
        try requester(request.requestedBy)
    }

    /// The principal an administrative call is recorded as performed by, when given (`requested_by`).
    static func requester(_ principal: CommonV1.Principal?) throws(InvalidRecord) {
        guard let principal else { return }
        switch principal.kind {
        case .unspecified: throw InvalidRecord(field: "requested_by.kind", reason: "required")
        case .unrecognized(let value): throw InvalidRecord(field: "requested_by.kind", reason: "unknown kind \(value)")
        default: break
        }
        try identifier(principal.principalID, "requested_by.principal_id")
    }
}
