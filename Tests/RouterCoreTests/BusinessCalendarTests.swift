import Foundation
import RouterCore
import Testing

/// Business hours in an IANA time zone, over daylight-saving transitions.
@Suite("Business calendar")
struct BusinessCalendarTests {
    /// Weekdays 09:00-17:00 and Sunday 01:00-04:00, which spans the hour
    /// the clocks skip or repeat in both zones.
    static func hours(_ timeZone: TimeZone, closures: [DateInterval] = []) -> WeeklySchedule {
        WeeklySchedule(timeZone: timeZone,
                       intervals: Fixture.weekdays(from: 9, to: 17) + [WeeklyInterval(day: .sunday, fromHour: 1, toHour: 4)],
                       closures: closures)
    }

    /// Good Friday 2026 in Berlin, the whole local day.
    static let goodFriday = DateInterval(start: Fixture.utc("2026-04-02T22:00:00Z"), end: Fixture.utc("2026-04-03T22:00:00Z"))

    struct OpenCase: CustomTestStringConvertible, Sendable {
        var name: String
        var schedule: WeeklySchedule
        var instant: String
        var isOpen: Bool
        var testDescription: String { name }
    }

    static let openCases: [OpenCase] = [
        OpenCase(name: "Berlin, Monday 11:00 CET", schedule: hours(Fixture.berlin), instant: "2026-03-02T10:00:00Z", isOpen: true),
        OpenCase(name: "Berlin, Monday 08:59 CET", schedule: hours(Fixture.berlin), instant: "2026-03-02T07:59:00Z", isOpen: false),
        OpenCase(name: "Berlin, Monday 17:00 CET (end is exclusive)", schedule: hours(Fixture.berlin),
                 instant: "2026-03-02T16:00:00Z", isOpen: false),
        OpenCase(name: "Berlin, Saturday noon", schedule: hours(Fixture.berlin), instant: "2026-03-07T12:00:00Z", isOpen: false),
        OpenCase(name: "Berlin spring forward, 01:30 CET", schedule: hours(Fixture.berlin),
                 instant: "2026-03-29T00:30:00Z", isOpen: true),
        OpenCase(name: "Berlin spring forward, 03:30 CEST", schedule: hours(Fixture.berlin),
                 instant: "2026-03-29T01:30:00Z", isOpen: true),
        OpenCase(name: "Berlin spring forward, 04:00 CEST: closed after two real hours", schedule: hours(Fixture.berlin),
                 instant: "2026-03-29T02:00:00Z", isOpen: false),
        OpenCase(name: "Berlin summer Monday 09:00 CEST is 07:00 UTC", schedule: hours(Fixture.berlin),
                 instant: "2026-03-30T07:00:00Z", isOpen: true),
        OpenCase(name: "Berlin summer Monday 08:00 CEST", schedule: hours(Fixture.berlin),
                 instant: "2026-03-30T06:00:00Z", isOpen: false),
        OpenCase(name: "Berlin fall back, 02:30 CEST (first pass)", schedule: hours(Fixture.berlin),
                 instant: "2026-10-25T00:30:00Z", isOpen: true),
        OpenCase(name: "Berlin fall back, 02:30 CET (second pass)", schedule: hours(Fixture.berlin),
                 instant: "2026-10-25T01:30:00Z", isOpen: true),
        OpenCase(name: "Berlin fall back, 03:59 CET: open four real hours", schedule: hours(Fixture.berlin),
                 instant: "2026-10-25T02:59:00Z", isOpen: true),
        OpenCase(name: "Berlin fall back, 04:00 CET", schedule: hours(Fixture.berlin),
                 instant: "2026-10-25T03:00:00Z", isOpen: false),
        OpenCase(name: "Berlin, Good Friday closure", schedule: hours(Fixture.berlin, closures: [goodFriday]),
                 instant: "2026-04-03T10:00:00Z", isOpen: false),
        OpenCase(name: "Berlin, the Thursday before the closure", schedule: hours(Fixture.berlin, closures: [goodFriday]),
                 instant: "2026-04-02T10:00:00Z", isOpen: true),
        OpenCase(name: "New York spring forward, 01:59 EST", schedule: hours(Fixture.newYork),
                 instant: "2026-03-08T06:59:00Z", isOpen: true),
        OpenCase(name: "New York spring forward, 03:00 EDT", schedule: hours(Fixture.newYork),
                 instant: "2026-03-08T07:00:00Z", isOpen: true),
        OpenCase(name: "New York spring forward, 04:00 EDT", schedule: hours(Fixture.newYork),
                 instant: "2026-03-08T08:00:00Z", isOpen: false),
        OpenCase(name: "New York fall back, 01:30 EST (second pass)", schedule: hours(Fixture.newYork),
                 instant: "2026-11-01T06:30:00Z", isOpen: true),
        OpenCase(name: "New York fall back, 04:00 EST", schedule: hours(Fixture.newYork),
                 instant: "2026-11-01T09:00:00Z", isOpen: false),
        OpenCase(name: "New York Monday 09:00 EDT is 13:00 UTC", schedule: hours(Fixture.newYork),
                 instant: "2026-03-09T13:00:00Z", isOpen: true),
        OpenCase(name: "New York Monday 09:00 EST a week earlier is 14:00 UTC", schedule: hours(Fixture.newYork),
                 instant: "2026-03-02T13:30:00Z", isOpen: false),
        OpenCase(name: "always open ignores intervals and closures",
                 schedule: WeeklySchedule(timeZone: Fixture.berlin, closures: [goodFriday], alwaysOpen: true),
                 instant: "2026-04-03T10:00:00Z", isOpen: true),
        OpenCase(name: "no intervals: never open", schedule: WeeklySchedule(timeZone: Fixture.berlin),
                 instant: "2026-03-02T10:00:00Z", isOpen: false),
    ]

    @Test("open or closed at an instant", arguments: openCases)
    func isOpen(_ sample: OpenCase) {
        #expect(BusinessCalendar(sample.schedule).isOpen(at: Fixture.utc(sample.instant)) == sample.isOpen, "\(sample.name)")
    }

    struct NextCase: CustomTestStringConvertible, Sendable {
        var name: String
        var schedule: WeeklySchedule
        var from: String
        var expected: String?
        var testDescription: String { name }
    }

    /// Sunday 02:30-05:00 starts in Berlin's skipped hour on 2026-03-29.
    static let startsInSkippedHour = WeeklySchedule(timeZone: Fixture.berlin,
                                                    intervals: [WeeklyInterval(day: .sunday, startMinute: 150, endMinute: 300)])
    /// Sunday 02:30-02:45 happens twice in Berlin on 2026-10-25.
    static let startsInRepeatedHour = WeeklySchedule(timeZone: Fixture.berlin,
                                                     intervals: [WeeklyInterval(day: .sunday, startMinute: 150, endMinute: 165)])

    static let nextCases: [NextCase] = [
        NextCase(name: "open now: now", schedule: hours(Fixture.berlin), from: "2026-03-02T10:00:00Z",
                 expected: "2026-03-02T10:00:00Z"),
        NextCase(name: "Monday evening: Tuesday 09:00 CET", schedule: hours(Fixture.berlin), from: "2026-03-02T18:00:00Z",
                 expected: "2026-03-03T08:00:00Z"),
        NextCase(name: "Saturday night before spring forward: Sunday 01:00 CET", schedule: hours(Fixture.berlin),
                 from: "2026-03-28T23:59:00Z", expected: "2026-03-29T00:00:00Z"),
        NextCase(name: "after the short Sunday: Monday 09:00 CEST", schedule: hours(Fixture.berlin),
                 from: "2026-03-29T02:00:00Z", expected: "2026-03-30T07:00:00Z"),
        NextCase(name: "before fall back: Sunday 01:00 CEST", schedule: hours(Fixture.berlin),
                 from: "2026-10-24T12:00:00Z", expected: "2026-10-24T23:00:00Z"),
        NextCase(name: "Good Friday closed: the Sunday window after it", schedule: hours(Fixture.berlin, closures: [goodFriday]),
                 from: "2026-04-02T16:00:00Z", expected: "2026-04-04T23:00:00Z"),
        NextCase(name: "a closure ending inside open hours opens at its end",
                 schedule: hours(Fixture.berlin, closures: [DateInterval(start: Fixture.utc("2026-03-02T07:00:00Z"),
                                                                        end: Fixture.utc("2026-03-02T11:00:00Z"))]),
                 from: "2026-03-02T09:00:00Z", expected: "2026-03-02T11:00:00Z"),
        NextCase(name: "a start in the skipped hour opens at the transition", schedule: startsInSkippedHour,
                 from: "2026-03-29T00:30:00Z", expected: "2026-03-29T01:00:00Z"),
        NextCase(name: "a start in the repeated hour opens again on the second pass", schedule: startsInRepeatedHour,
                 from: "2026-10-25T00:50:00Z", expected: "2026-10-25T01:30:00Z"),
        NextCase(name: "New York Saturday: Sunday 01:00 EST", schedule: hours(Fixture.newYork),
                 from: "2026-03-07T12:00:00Z", expected: "2026-03-08T06:00:00Z"),
        NextCase(name: "New York after the short Sunday: Monday 09:00 EDT", schedule: hours(Fixture.newYork),
                 from: "2026-03-08T08:00:00Z", expected: "2026-03-09T13:00:00Z"),
        NextCase(name: "New York Friday close before fall back: Sunday 01:00 EDT", schedule: hours(Fixture.newYork),
                 from: "2026-10-30T21:00:00Z", expected: "2026-11-01T05:00:00Z"),
        NextCase(name: "no intervals: never", schedule: WeeklySchedule(timeZone: Fixture.newYork),
                 from: "2026-03-02T10:00:00Z", expected: nil),
    ]

    @Test("next opening", arguments: nextCases)
    func nextOpening(_ sample: NextCase) {
        let next = BusinessCalendar(sample.schedule).nextOpening(atOrAfter: Fixture.utc(sample.from))
        #expect(next == sample.expected.map(Fixture.utc), "\(sample.name): got \(String(describing: next))")
    }

    @Test("the next opening is open, and nothing before it is")
    func nextOpeningIsFirst() throws {
        for schedule in [Self.hours(Fixture.berlin, closures: [Self.goodFriday]), Self.hours(Fixture.newYork),
                         Self.startsInSkippedHour, Self.startsInRepeatedHour] {
            let calendar = BusinessCalendar(schedule)
            // Every 13 hours through 2026 hits all weekdays and many times of day.
            var instant = Fixture.utc("2026-01-01T00:00:00Z")
            while instant < Fixture.utc("2027-01-01T00:00:00Z") {
                let next = try #require(calendar.nextOpening(atOrAfter: instant))
                #expect(calendar.isOpen(at: next), "\(schedule.timeZone.identifier) from \(instant)")
                var probe = instant
                while probe < next {
                    #expect(!calendar.isOpen(at: probe), "\(schedule.timeZone.identifier): open at \(probe) before \(next)")
                    probe += 900
                }
                instant += 13 * 3600
            }
        }
    }

    @Test("the open period's start", arguments: [
        ("Berlin, Monday 11:00 CET: opened 09:00", "2026-03-02T10:00:00Z", "2026-03-02T08:00:00Z" as String?),
        ("Berlin, Monday 08:59 CET: closed", "2026-03-02T07:59:00Z", nil),
        ("Berlin summer Monday 10:00 CEST: opened 09:00 CEST", "2026-03-30T08:00:00Z", "2026-03-30T07:00:00Z"),
        ("Berlin spring forward 03:30 CEST: opened 01:00 CET", "2026-03-29T01:30:00Z", "2026-03-29T00:00:00Z"),
        ("Berlin fall back, 02:30 CET second pass: opened 01:00 CEST", "2026-10-25T01:30:00Z", "2026-10-24T23:00:00Z"),
        ("Berlin, the Tuesday after Easter Monday: opened 09:00", "2026-04-07T08:30:00Z", "2026-04-07T07:00:00Z"),
    ])
    func openPeriodStart(_ sample: (String, String, String?)) {
        let calendar = BusinessCalendar(Self.hours(Fixture.berlin, closures: [Self.goodFriday]))
        let start = calendar.openPeriodStart(containing: Fixture.utc(sample.1))
        #expect(start == sample.2.map(Fixture.utc), "\(sample.0): got \(String(describing: start))")
    }

    @Test("a closure that ends inside an interval starts the open period then")
    func openPeriodAfterClosure() {
        // Closed Monday 09:00-12:00 Berlin (a morning outage); open again from noon.
        let outage = DateInterval(start: Fixture.utc("2026-03-02T08:00:00Z"), end: Fixture.utc("2026-03-02T11:00:00Z"))
        let calendar = BusinessCalendar(Self.hours(Fixture.berlin, closures: [outage]))
        #expect(calendar.openPeriodStart(containing: Fixture.utc("2026-03-02T13:00:00Z")) == outage.end)
        #expect(calendar.openPeriodStart(containing: Fixture.utc("2026-03-02T09:00:00Z")) == nil)
        #expect(BusinessCalendar(WeeklySchedule(timeZone: Fixture.berlin, alwaysOpen: true))
                .openPeriodStart(containing: Fixture.now) == nil)
    }
}
