/// Feedback per trigger and overall, for a tenant's quality report.
public enum FeedbackAggregator {
    /// Totals per trigger name (sorted by name) and over every record.
    public static func aggregate(_ records: [FeedbackRecord]) -> (perTrigger: [(trigger: String, totals: FeedbackTotals)], overall: FeedbackTotals) {
        var perTrigger: [String: FeedbackTotals] = [:]
        var overall = FeedbackTotals()
        for record in records {
            perTrigger[record.triggerName, default: FeedbackTotals()].add(record)
            overall.add(record)
        }
        return (perTrigger.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, overall)
    }
}
