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
