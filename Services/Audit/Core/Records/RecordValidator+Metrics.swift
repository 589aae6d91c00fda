public import Foundation
public import Wire

extension RecordValidator {
    /// The longest window Metrics computes over.
    public static let maxMetricsWindow: TimeInterval = 366 * 86_400

    /// Checks a Metrics request; returns what to compute, with `end_time`
    /// unset taken as `now`.
    public static func validate(_ request: AuditV1.MetricsRequest, now: Date) throws(InvalidRecord) -> EscalationMetricsCalculator.Request {
        try identifier(request.tenantID, "tenant_id")
        guard let window = request.window else { throw InvalidRecord(field: "window", reason: "required") }
        guard let start = window.startTime else { throw InvalidRecord(field: "window.start_time", reason: "required") }
        try timestamp(start, "window.start_time")
        var end = now
        if let endTime = window.endTime {
            try timestamp(endTime, "window.end_time")
            end = endTime.date
        }
        guard end > start.date else { throw InvalidRecord(field: "window.end_time", reason: "must be after window.start_time") }
        guard end.timeIntervalSince(start.date) <= maxMetricsWindow else {
            throw InvalidRecord(field: "window", reason: "longer than 366 days")
        }
        var reopen: TimeInterval = 7 * 86_400
        if let given = request.reopenWindow {
            guard given.seconds >= 0, given.nanos >= 0, given.seconds <= Int64(maxMetricsWindow) else {
                throw InvalidRecord(field: "reopen_window", reason: "0 to 366 days")
            }
            reopen = given.timeInterval
        }
        for (index, category) in request.categories.enumerated() {
            try text(category, "categories[\(index)]", max: RecordLimits.shortTextBytes, required: false)
        }
        return .init(start: start.date, end: end, reopenWindow: reopen, categories: Set(request.categories))
    }
}
