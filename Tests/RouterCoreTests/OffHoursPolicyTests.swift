import Foundation
import RouterCore
import Testing

/// Closed queues: on-call path, callback or waiting for the opening.
@Suite("Off-hours policy")
struct OffHoursPolicyTests {
    static let path = OnCallPath(categories: ["safety", "security", "legal"], minUrgency: .critical,
                                 after: .seconds(300), pageTarget: "pagerduty:support")

    static func queue(callbacks: Bool = true, onCall: OnCallPath? = path,
                      hours: WeeklySchedule? = WeeklySchedule(timeZone: Fixture.berlin, intervals: Fixture.weekdays(from: 9, to: 17)))
        -> QueueConfig {
        QueueConfig(id: "billing", businessHours: hours, onCall: onCall, callbacksEnabled: callbacks)
    }

    /// Saturday noon, Berlin closed; the queue opens Monday 09:00 CET.
    static let saturday = Fixture.utc("2026-03-07T12:00:00Z")
    static let mondayOpening = Fixture.utc("2026-03-09T08:00:00Z")

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var queue: QueueConfig
        var escalation: Escalation
        var now: Date
        var expected: OffHoursDecision
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "open: route as usual", queue: queue(), escalation: Fixture.escalation(), now: Fixture.now,
             expected: .open),
        Case(name: "open: even an emergency routes as usual first", queue: queue(),
             escalation: Fixture.escalation(urgency: .critical, category: "safety"), now: Fixture.now, expected: .open),
        Case(name: "no business hours: always open", queue: queue(hours: nil), escalation: Fixture.escalation(),
             now: saturday, expected: .open),
        Case(name: "closed: callback at the next opening", queue: queue(), escalation: Fixture.escalation(),
             now: saturday, expected: .callback(at: mondayOpening)),
        Case(name: "closed without callbacks: wait for the opening", queue: queue(callbacks: false),
             escalation: Fixture.escalation(), now: saturday, expected: .waitForOpening(nextOpening: mondayOpening)),
        Case(name: "closed, safety subcategory: on-call", queue: queue(),
             escalation: Fixture.escalation(category: "safety.self_harm"), now: saturday, expected: .onCall(path)),
        Case(name: "closed, security: on-call", queue: queue(), escalation: Fixture.escalation(category: "security"),
             now: saturday, expected: .onCall(path)),
        Case(name: "closed, critical billing issue: on-call by urgency", queue: queue(),
             escalation: Fixture.escalation(urgency: .critical), now: saturday, expected: .onCall(path)),
        Case(name: "closed, high urgency and a category only prefixed like one: callback", queue: queue(),
             escalation: Fixture.escalation(urgency: .high, category: "safetyfirst"), now: saturday,
             expected: .callback(at: mondayOpening)),
        Case(name: "closed, no on-call path: a critical one gets a callback", queue: queue(onCall: nil),
             escalation: Fixture.escalation(urgency: .critical, category: "safety"), now: saturday,
             expected: .callback(at: mondayOpening)),
        Case(name: "never opens: wait with no opening (expire)", queue: queue(hours: WeeklySchedule(timeZone: Fixture.berlin)),
             escalation: Fixture.escalation(), now: saturday, expected: .waitForOpening(nextOpening: nil)),
    ]

    @Test("decision", arguments: cases)
    func decision(_ sample: Case) {
        #expect(OffHoursPolicy(queue: sample.queue).decision(for: sample.escalation, at: sample.now) == sample.expected,
                "\(sample.name)")
    }

    struct UnmatchedCase: CustomTestStringConvertible, Sendable {
        var name: String
        var escalation: Escalation
        var waited: Int
        var takesPath: Bool
        var testDescription: String { name }
    }

    static let unmatchedCases: [UnmatchedCase] = [
        UnmatchedCase(name: "critical, before the path's wait", escalation: Fixture.escalation(urgency: .critical),
                      waited: 299, takesPath: false),
        UnmatchedCase(name: "critical, at the path's wait", escalation: Fixture.escalation(urgency: .critical),
                      waited: 300, takesPath: true),
        UnmatchedCase(name: "legal category, long unmatched", escalation: Fixture.escalation(category: "legal.threat"),
                      waited: 3_600, takesPath: true),
        UnmatchedCase(name: "normal billing, long unmatched", escalation: Fixture.escalation(), waited: 3_600,
                      takesPath: false),
    ]

    @Test("on-call path during open hours when nobody takes it", arguments: unmatchedCases)
    func unmatched(_ sample: UnmatchedCase) {
        let path = OffHoursPolicy(queue: Self.queue())
            .onCallPathWhenUnmatched(for: sample.escalation, waitedInQueue: .seconds(sample.waited))
        #expect((path == Self.path) == sample.takesPath, "\(sample.name)")
    }
}
