/// A span of local wall-clock time on one day of the week,
/// [startMinute, endMinute) in minutes after local midnight.
public struct WeeklyInterval: Sendable, Hashable {
    /// Day of the week.
    public var day: Weekday
    /// Start, 0 to 1439.
    public var startMinute: Int
    /// End, startMinute + 1 to 1440; spans across midnight are two intervals.
    public var endMinute: Int

    /// An interval from `startMinute` to `endMinute` on `day`.
    public init(day: Weekday, startMinute: Int, endMinute: Int) {
        self.day = day
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// An interval from `start` to `end` o'clock (whole hours) on `day`.
    public init(day: Weekday, fromHour start: Int, toHour end: Int) {
        self.init(day: day, startMinute: start * 60, endMinute: end * 60)
    }
}
