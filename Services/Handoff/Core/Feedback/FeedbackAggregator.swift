/// One agent's feedback on a package, as the aggregation reads it.
public struct FeedbackRecord: Sendable, Hashable {
    /// The package's main trigger.
    public var triggerName: String
    /// Rating, 1 to 5.
    public var rating: Int
    /// The customer had to repeat something.
    public var customerRepeated: Bool
    /// The escalation was not needed.
    public var unnecessary: Bool
    /// Fields named missing (`MissingInfo` names).
    public var missing: [String]
    /// Fields named wrong.
    public var wrong: [String]

    /// A record.
    public init(triggerName: String, rating: Int, customerRepeated: Bool, unnecessary: Bool, missing: [String] = [],
                wrong: [String] = []) {
        self.triggerName = triggerName
        self.rating = rating
        self.customerRepeated = customerRepeated
        self.unnecessary = unnecessary
        self.missing = missing
        self.wrong = wrong
    }
}

/// Feedback summed over records.
public struct FeedbackTotals: Sendable, Hashable {
    /// Records counted.
    public var count = 0
    /// Sum of the ratings.
    public var ratingSum = 0
    /// Records saying the customer repeated something.
    public var customerRepeated = 0
    /// Records judging the escalation unnecessary.
    public var unnecessary = 0
    /// Times each field was named missing.
    public var missing: [String: Int] = [:]
    /// Times each field was named wrong.
    public var wrong: [String: Int] = [:]

    /// Nothing counted yet.
    public init() {}

    /// Mean rating, 0 when empty.
    public var meanRating: Double { count == 0 ? 0 : Double(ratingSum) / Double(count) }

    mutating func add(_ record: FeedbackRecord) {
        count += 1
        ratingSum += record.rating
        if record.customerRepeated { customerRepeated += 1 }
        if record.unnecessary { unnecessary += 1 }
        for field in Set(record.missing) { missing[field, default: 0] += 1 }
        for field in Set(record.wrong) { wrong[field, default: 0] += 1 }
    }
}

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
