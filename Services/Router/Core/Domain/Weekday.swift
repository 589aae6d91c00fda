/// Day of the week with ISO 8601 numbering: Monday is 1, Sunday is 7
/// (`RouterV1.DayOfWeek`).
public enum Weekday: Int, Sendable, Hashable, CaseIterable {
    /// Monday.
    case monday = 1
    /// Tuesday.
    case tuesday = 2
    /// Wednesday.
    case wednesday = 3
    /// Thursday.
    case thursday = 4
    /// Friday.
    case friday = 5
    /// Saturday.
    case saturday = 6
    /// Sunday.
    case sunday = 7
}
