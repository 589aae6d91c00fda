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
