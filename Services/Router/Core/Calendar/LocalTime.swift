import Foundation

/// Local wall-clock time of an instant in a time zone, as whole days since
/// 1970-01-01 (local) and seconds into that day.
struct LocalTime: Hashable {
    /// Local days since 1970-01-01.
    let day: Int
    /// Seconds since local midnight, 0 to 86399.
    let secondOfDay: Int

    /// The local time of `instant` in `timeZone`.
    init(_ instant: Date, in timeZone: TimeZone) {
        let utcSeconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let wallClock = utcSeconds + timeZone.secondsFromGMT(for: instant)
        day = Int((Double(wallClock) / 86_400).rounded(.down))
        secondOfDay = wallClock - day * 86_400
    }

    /// The day of the week.
    var weekday: Weekday { Self.weekday(ofDay: day) }

    /// The day of the week of local day `day`; day 0, 1970-01-01, was a
    /// Thursday.
    static func weekday(ofDay day: Int) -> Weekday {
        Weekday(rawValue: ((day + 3) % 7 + 7) % 7 + 1)!
    }

    /// The instants whose local wall-clock time is `wallClock` (seconds
    /// since local 1970-01-01 00:00): one on most days, two in the hour
    /// repeated when clocks go back (earlier first), and in the hour skipped
    /// when clocks go forward none, so the transition, the first instant
    /// after that wall-clock time, stands in.
    static func instants(ofWallClock wallClock: Int, in timeZone: TimeZone) -> [Date] {
        func offset(_ utcSeconds: Int) -> Int {
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcSeconds)))
        }
        // Offsets a day either side cover both sides of any transition near
        // this time.
        let offsets = Set([offset(wallClock - 86_400), offset(wallClock + 86_400)])
        let valid = offsets.map { wallClock - $0 }.filter { $0 + offset($0) == wallClock }.sorted()
        if !valid.isEmpty {
            return valid.map { Date(timeIntervalSince1970: Double($0)) }
        }
        // A skipped wall-clock time: find the transition between the instant
        // it would have with the later offset and with the earlier one.
        var before = wallClock - offsets.max()!
        var after = wallClock - offsets.min()!
        let offsetBefore = offset(before)
        while after - before > 1 {
            let middle = before + (after - before) / 2
            if offset(middle) == offsetBefore { before = middle } else { after = middle }
        }
        return [Date(timeIntervalSince1970: Double(after))]
    }
}
