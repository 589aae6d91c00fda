public import Wire

extension RecordValidator {
    /// The page size Query uses when asked for 0.
    public static let defaultPageSize = 100
    /// The largest page Query returns.
    public static let maxPageSize = 1_000

    /// Checks a Query request's fields (not its page token, which needs the
    /// filters' digest); returns the page size to use.
    public static func validate(_ request: AuditV1.QueryRequest) throws(InvalidRecord) -> Int {
        try identifier(request.tenantID, "tenant_id")
        if let window = request.window {
            guard let start = window.startTime else { throw InvalidRecord(field: "window.start_time", reason: "required") }
            try timestamp(start, "window.start_time")
            if let end = window.endTime {
                try timestamp(end, "window.end_time")
                guard (end.seconds, end.nanos) > (start.seconds, start.nanos) else {
                    throw InvalidRecord(field: "window.end_time", reason: "must be after window.start_time")
                }
            }
        }
        for (index, kind) in request.kinds.enumerated() {
            switch kind {
            case .unspecified: throw InvalidRecord(field: "kinds[\(index)]", reason: "RECORD_KIND_UNSPECIFIED is not a kind")
            case .unrecognized(let value): throw InvalidRecord(field: "kinds[\(index)]", reason: "unknown kind \(value)")
            default: break
            }
        }
        if !request.principalID.isEmpty { try identifier(request.principalID, "principal_id") }
        if let subject = request.subject {
            switch subject.kind {
            case .unspecified: throw InvalidRecord(field: "subject.kind", reason: "required")
            case .unrecognized(let value): throw InvalidRecord(field: "subject.kind", reason: "unknown kind \(value)")
            default: break
            }
            try identifier(subject.subjectID, "subject.subject_id")
        }
        if let low = request.minIndex, let high = request.maxIndex, low > high {
            throw InvalidRecord(field: "max_index", reason: "below min_index")
        }
        guard (0...Int32(maxPageSize)).contains(request.pageSize) else {
            throw InvalidRecord(field: "page_size", reason: "1 to \(maxPageSize), or 0 for \(defaultPageSize)")
        }
        return request.pageSize == 0 ? defaultPageSize : Int(request.pageSize)
    }

    /// A timestamp Postgres and the log can hold: years 1 to 9999, nanos in range.
    static func timestamp(_ value: GoogleProtobuf.Timestamp, _ field: String) throws(InvalidRecord) {
        guard value.nanos >= 0, value.nanos < 1_000_000_000, value.seconds > -62_135_596_800, value.seconds < 253_402_300_800 else {
            throw InvalidRecord(field: field, reason: "not a valid timestamp")
        }
    }
}
