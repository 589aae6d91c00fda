public import Foundation

/// Opening hours that repeat every week in a time zone, with closures such
/// as public holidays. `BusinessCalendar` answers questions about it.
public struct WeeklySchedule: Sendable, Hashable {
    /// Time zone of the intervals (IANA, such as "Europe/Berlin").
    public var timeZone: TimeZone
    /// Open intervals in local wall-clock time.
    public var intervals: [WeeklyInterval]
    /// Spans of time closed whatever the intervals say.
    public var closures: [DateInterval]
    /// Open at all times; `intervals` and `closures` are ignored.
    public var alwaysOpen: Bool

    /// A schedule; never open unless intervals are given.
    public init(
        timeZone: TimeZone,
        intervals: [WeeklyInterval] = [],
        closures: [DateInterval] = [],
        alwaysOpen: Bool = false
    ) {
        self.timeZone = timeZone
        self.intervals = intervals
        self.closures = closures
        self.alwaysOpen = alwaysOpen
    }
}
