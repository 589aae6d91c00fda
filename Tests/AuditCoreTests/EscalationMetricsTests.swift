import AuditCore
import Foundation
import Testing
import Wire

/// Escalation metrics from records: one scripted day, and each figure's
/// edges.
@Suite("Escalation metrics")
struct EscalationMetricsTests {
    static let end = Date(timeIntervalSince1970: 1_800_000_000)
    static let hour: TimeInterval = 3_600
    static let day = Request(start: end.addingTimeInterval(-24 * hour), end: end)
    typealias Request = EscalationMetricsCalculator.Request

    /// A record `hoursAgo` before the end.
    static func record(_ kind: AuditV1.RecordKind, _ hoursAgo: Double, conversation: String? = nil, escalation: String? = nil,
                       category: String = "", decision: String = "", triggers: [CommonV1.TriggerCategory] = [],
                       inputs: [String: String] = [:]) -> AuditV1.AuditRecord {
        .with {
            $0.kind = kind
            $0.decideTime = .init(date: end.addingTimeInterval(-hoursAgo * hour))
            if let conversation { $0.subjects.append(.with { $0.kind = .conversation; $0.subjectID = conversation }) }
            if let escalation { $0.subjects.append(.with { $0.kind = .escalation; $0.subjectID = escalation }) }
            $0.category = category
            $0.decision = decision
            $0.triggerCategories = triggers
            $0.inputs = inputs
        }
    }

    static let resolved = EscalationMetricsCalculator.resolved
    static let handedBack = EscalationMetricsCalculator.handedBack

    /// The day the e2e test appends too: 10 turns in 4 conversations, 4
    /// escalations (one reopened), 3 resolutions of 1, 2 and 3 hours, and
    /// one escalation the day before.
    static let scriptedDay: [AuditV1.AuditRecord] = {
        var records: [AuditV1.AuditRecord] = []
        for i in 0..<10 { records.append(record(.turnDecision, 10 - Double(i) * 0.5, conversation: "c\(i % 4)")) }
        records += [
            record(.escalationEnqueued, 30, conversation: "c9", escalation: "e0", category: "billing", triggers: [.sentiment]),
            record(.escalationEnqueued, 5, conversation: "c0", escalation: "e1", category: "billing", triggers: [.sentiment, .explicitRequest]),
            record(.escalationCompleted, 4, conversation: "c0", escalation: "e1", decision: resolved),
            record(.escalationEnqueued, 5, conversation: "c1", escalation: "e2", category: "billing", triggers: [.sentiment]),
            record(.escalationCompleted, 3, conversation: "c1", escalation: "e2", decision: resolved),
            record(.escalationEnqueued, 5, conversation: "c2", escalation: "e3", category: "tech", triggers: [.loop]),
            record(.escalationCompleted, 4.5, conversation: "c2", escalation: "e3", decision: handedBack),
            record(.escalationEnqueued, 4, conversation: "c2", escalation: "e4", category: "tech", triggers: [.loop, .loop]),
            record(.escalationCompleted, 1, conversation: "c2", escalation: "e4", decision: resolved),
            record(.handoffFeedback, 4.4, escalation: "e3", inputs: ["necessary": "false"]),
            record(.handoffFeedback, 3.9, escalation: "e1", inputs: ["necessary": "true"]),
            record(.satisfaction, 2, inputs: ["csat": "5", "handled_by": "bot"]),
            record(.satisfaction, 2, inputs: ["csat": "4", "handled_by": "bot"]),
            record(.satisfaction, 2, inputs: ["csat": "2", "handled_by": "human"]),
            record(.satisfaction, 2, inputs: ["csat": "3", "handled_by": "human"]),
            record(.satisfaction, 2, inputs: ["csat": "9", "handled_by": "human"]),
            record(.satisfaction, 2, inputs: ["csat": "4"]),
            record(.satisfaction, 2, inputs: [:]),
        ]
        return records
    }()

    @Test("a scripted day: every figure")
    func scriptedDayTotals() throws {
        let metrics = EscalationMetricsCalculator.compute(Self.scriptedDay, Self.day)
        let total = try #require(metrics.total)
        #expect(total.turns == 10)
        #expect(total.conversations == 4)
        #expect(total.escalations == 4)
        #expect(total.escalationRate == 1.0)
        #expect(total.escalationsByTrigger == ["TRIGGER_CATEGORY_SENTIMENT": 2, "TRIGGER_CATEGORY_EXPLICIT_REQUEST": 1,
                                               "TRIGGER_CATEGORY_LOOP": 2])
        #expect(total.escalationRateByTrigger["TRIGGER_CATEGORY_SENTIMENT"] == 0.5)
        #expect(total.handedBackToBot == 1)
        #expect(total.reopened == 1)
        #expect(total.resolutionsMeasured == 3)
        #expect(total.medianTimeToResolution?.timeInterval == 2 * Self.hour)
        #expect(total.p90TimeToResolution?.timeInterval == 3 * Self.hour)
        #expect(total.unnecessaryEscalations == 1)
        #expect(total.escalationsChange == 3)
        #expect(total.satisfaction == .with { $0.botAverage = 4.5; $0.botResponses = 2; $0.humanAverage = 2.5; $0.humanResponses = 2 })
        #expect(metrics.window?.endTime?.date == Self.end)
    }

    @Test("per category, and only the categories asked for", arguments: [
        (Set<String>(), "billing", UInt64(2), UInt64(0), UInt64(0), Int64(1)),
        (Set<String>(), "tech", UInt64(2), UInt64(1), UInt64(1), Int64(2)),
        (Set(["tech"]), "tech", UInt64(2), UInt64(1), UInt64(1), Int64(2)),
    ])
    func categories(asked: Set<String>, category: String, escalations: UInt64, handedBack: UInt64, unnecessary: UInt64,
                    change: Int64) throws {
        var request = Self.day
        request.categories = asked
        let metrics = EscalationMetricsCalculator.compute(Self.scriptedDay, request)
        let figures = try #require(metrics.byCategory[category])
        #expect(figures.escalations == escalations)
        #expect(figures.handedBackToBot == handedBack)
        #expect(figures.unnecessaryEscalations == unnecessary)
        #expect(figures.escalationsChange == change)
        #expect(figures.conversations == 4)
        if !asked.isEmpty {
            #expect(Set(metrics.byCategory.keys) == asked)
            #expect(metrics.total?.escalations == escalations)
            #expect(metrics.total?.escalationsChange == change)
        }
    }

    @Test("reopened only within the reopen window and before the window's end", arguments: [
        (0.5, 1.0 * 3_600, UInt64(1)),    // again 30 minutes later, reopen window of an hour
        (2.0, 1.0 * 3_600, UInt64(0)),    // two hours later: too late
        (4.0, 7.0 * 86_400, UInt64(0)),   // after the window's end
    ])
    func reopened(hoursLater: Double, reopenWindow: TimeInterval, expected: UInt64) {
        let records = [
            Self.record(.escalationEnqueued, 6, conversation: "c", escalation: "a"),
            Self.record(.escalationCompleted, 3, conversation: "c", escalation: "a", decision: Self.resolved),
            Self.record(.escalationEnqueued, 3 - hoursLater, conversation: "c", escalation: "b"),
        ]
        var request = Self.day
        request.reopenWindow = reopenWindow
        #expect(EscalationMetricsCalculator.compute(records, request).total?.reopened == expected)
    }

    @Test("resolutions count once enqueued up to a window before, not earlier; and not when not resolved", arguments: [
        (30.0, resolved, UInt64(1)), (49.0, resolved, UInt64(0)), (5.0, handedBack, UInt64(0)),
        (5.0, "COMPLETION_OUTCOME_TRANSFERRED", UInt64(0)),
    ])
    func resolutions(enqueuedHoursAgo: Double, outcome: String, measured: UInt64) {
        let records = [
            Self.record(.escalationEnqueued, enqueuedHoursAgo, escalation: "a"),
            Self.record(.escalationCompleted, 2, escalation: "a", decision: outcome),
        ]
        let total = EscalationMetricsCalculator.compute(records, Self.day).total
        #expect(total?.resolutionsMeasured == measured)
        #expect((total?.medianTimeToResolution != nil) == (measured > 0))
    }

    @Test("nearest-rank percentiles", arguments: [
        ([1.0], 0.5, 1.0), ([1.0, 2], 0.5, 1.0), ([1.0, 2, 3, 4], 0.9, 4.0), (Array(stride(from: 1.0, through: 10, by: 1)), 0.9, 9.0),
        (Array(stride(from: 1.0, through: 10, by: 1)), 0.5, 5.0),
    ])
    func percentiles(values: [Double], p: Double, expected: Double) {
        #expect(EscalationMetricsCalculator.percentile(values, p) == expected)
    }

    @Test("an empty log gives zeros, not NaN")
    func empty() {
        let total = EscalationMetricsCalculator.compute([], Self.day).total
        #expect(total?.escalationRate == 0)
        #expect(total?.medianTimeToResolution == nil)
        #expect(total?.satisfaction?.botAverage == 0)
    }
}

/// Metrics requests: what is computed, and refusals by field.
@Suite("Metrics requests")
struct MetricsRequestTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func request(_ change: (inout AuditV1.MetricsRequest) -> Void) -> AuditV1.MetricsRequest {
        var request = AuditV1.MetricsRequest.with {
            $0.tenantID = "acme"
            $0.window = .with { $0.startTime = .init(date: now.addingTimeInterval(-86_400)) }
        }
        change(&request)
        return request
    }

    @Test("end unset is now; reopen window 7 days unless given")
    func defaults() throws {
        let computed = try RecordValidator.validate(Self.request { _ in }, now: Self.now)
        #expect(computed.end == Self.now && computed.reopenWindow == 7 * 86_400 && computed.categories.isEmpty)
        let given = try RecordValidator.validate(Self.request { $0.reopenWindow = .init(timeInterval: 60); $0.categories = ["a"] }, now: Self.now)
        #expect(given.reopenWindow == 60 && given.categories == ["a"])
    }

    @Test("bad requests name their field", arguments: [
        (request { $0.tenantID = "" }, "tenant_id"),
        (request { $0.window = nil }, "window"),
        (request { $0.window?.startTime = nil }, "window.start_time"),
        (request { $0.window?.endTime = .init(date: now.addingTimeInterval(-86_400)) }, "window.end_time"),
        (request { $0.window?.startTime = .init(date: now.addingTimeInterval(-367 * 86_400)) }, "window"),
        (request { $0.reopenWindow = .init(timeInterval: -1) }, "reopen_window"),
        (request { $0.categories = ["ok", String(repeating: "x", count: 5000)] }, "categories[1]"),
    ])
    func refused(request: AuditV1.MetricsRequest, field: String) {
        #expect {
            _ = try RecordValidator.validate(request, now: Self.now)
        } throws: { ($0 as? InvalidRecord)?.field == field }
    }
}
