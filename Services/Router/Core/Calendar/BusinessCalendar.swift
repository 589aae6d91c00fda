public import Foundation

/// Answers when a `WeeklySchedule` is open.
///
/// Intervals are local wall-clock time in the schedule's time zone and are
/// checked against the wall clock, so every daylight-saving transition is
/// handled the way a person on site would see it: on a spring-forward day an
/// interval 01:00-04:00 is open for two real hours, on a fall-back day for
/// four; an interval that starts inside the skipped hour opens at the
/// transition. Time zone rules come from `TimeZone` alone (no `Calendar`).
public struct BusinessCalendar: Sendable, Hashable {
    /// The schedule.
    public let schedule: WeeklySchedule

    /// A calendar of `schedule`.
    public init(_ schedule: WeeklySchedule) {
        self.schedule = schedule
    }

    /// True when the schedule is open at `instant`: always open, or inside
    /// an interval and outside every closure.
    public func isOpen(at instant: Date) -> Bool {
        schedule.alwaysOpen || (closure(containing: instant) == nil && isInInterval(instant))
    }

    /// The first instant at or after `instant` when the schedule is open:
    /// `instant` itself when open now, else the start of the next open
    /// window (closures skipped). Nil when it never opens again.
    public func nextOpening(atOrAfter instant: Date) -> Date? {
        if schedule.alwaysOpen { return instant }
        guard !schedule.intervals.isEmpty else { return nil }
        var candidate = instant
        // Each round passes a closure or reaches the next interval start; the
        // limit only guards against a schedule closed for decades.
        for _ in 0..<(4 * (schedule.closures.count + 1) * (schedule.intervals.count + 1) + 64) {
            if let closure = closure(containing: candidate) {
                candidate = closure.end
                continue
            }
            if isInInterval(candidate) { return candidate }
            guard let next = nextIntervalStart(after: candidate) else { return nil }
            candidate = next
        }
        return nil
    }

    /// When the open period containing `instant` began: the start of the
    /// interval `instant` lies in, or the end of a closure inside it if
    /// later. Nil when the schedule is always open or closed at `instant`.
    /// Adjacent intervals count as separate periods, so a wait counted from
    /// here is never longer than the real one.
    public func openPeriodStart(containing instant: Date) -> Date? {
        guard !schedule.alwaysOpen, isOpen(at: instant) else { return nil }
        let local = LocalTime(instant, in: schedule.timeZone)
        let minute = local.secondOfDay / 60
        guard let interval = schedule.intervals.first(where: {
            $0.day == local.weekday && $0.startMinute <= minute && minute < $0.endMinute
        }) else { return nil }
        let wallClock = local.day * 86_400 + interval.startMinute * 60
        // The latest real instant of that wall-clock start not after `instant`
        // (two on a fall-back day); inside a skipped hour, the transition.
        var start = LocalTime.instants(ofWallClock: wallClock, in: schedule.timeZone).filter { $0 <= instant }.max()
            ?? instant.addingTimeInterval(-Double(local.secondOfDay - interval.startMinute * 60))
        for closure in schedule.closures where closure.end > start && closure.end <= instant {
            start = closure.end
        }
        return start
    }

    /// The closure that covers `instant`, as the half-open span
    /// [start, end).
    func closure(containing instant: Date) -> DateInterval? {
        schedule.closures.first { $0.start <= instant && instant < $0.end }
    }

    /// True when `instant`'s local wall-clock time lies in an interval.
    func isInInterval(_ instant: Date) -> Bool {
        let local = LocalTime(instant, in: schedule.timeZone)
        let minute = local.secondOfDay / 60
        return schedule.intervals.contains {
            $0.day == local.weekday && $0.startMinute <= minute && minute < $0.endMinute
        }
    }

    /// The earliest interval start strictly after `instant`, looking a week
    /// ahead (plus a day either side for time zone offsets).
    func nextIntervalStart(after instant: Date) -> Date? {
        let today = LocalTime(instant, in: schedule.timeZone).day
        var best: Date?
        for day in (today - 1)...(today + 8) {
            let weekday = LocalTime.weekday(ofDay: day)
            for interval in schedule.intervals where interval.day == weekday {
                let wallClock = day * 86_400 + interval.startMinute * 60
                for start in LocalTime.instants(ofWallClock: wallClock, in: schedule.timeZone)
                where start > instant && start < (best ?? .distantFuture) {
                    best = start
                }
            }
        }
        return best
    }
}
