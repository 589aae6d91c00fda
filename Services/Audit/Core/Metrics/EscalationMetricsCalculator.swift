public import Foundation
public import Wire

/// Escalation metrics from decoded records, as `EscalationMetrics` in
/// audit.proto defines them: values in, metrics out. The caller passes the
/// records decided from one window length before `start` to `end` (the
/// previous window, for the change and for enqueues of escalations resolved
/// in the window), their details opened where a key still exists.
public enum EscalationMetricsCalculator {
    /// The CompletionOutcome names the metrics read.
    public static let resolved = "COMPLETION_OUTCOME_RESOLVED"
    /// See ``resolved``.
    public static let handedBack = "COMPLETION_OUTCOME_HANDED_BACK_TO_BOT"

    /// What to compute.
    public struct Request: Sendable {
        /// Start of the window (inclusive).
        public var start: Date
        /// End of the window (exclusive), after `start`.
        public var end: Date
        /// How soon a new escalation of the conversation after a completion counts as reopened.
        public var reopenWindow: TimeInterval
        /// Only these escalation categories; empty: all.
        public var categories: Set<String>

        /// A request over [start, end).
        public init(start: Date, end: Date, reopenWindow: TimeInterval = 7 * 86_400, categories: Set<String> = []) {
            self.start = start
            self.end = end
            self.reopenWindow = reopenWindow
            self.categories = categories
        }
    }

    private struct Tally {
        var escalations: UInt64 = 0
        var previous: UInt64 = 0
        var byTrigger: [String: UInt64] = [:]
        var handedBack: UInt64 = 0
        var reopened: UInt64 = 0
        var resolutionTimes: [TimeInterval] = []
        var unnecessary: UInt64 = 0
    }

    /// The metrics of `records` over the request's window: totals and per escalation category.
    public static func compute(_ records: [AuditV1.AuditRecord], _ request: Request) -> AuditV1.MetricsResponse {
        let length = request.end.timeIntervalSince(request.start)
        let previousStart = request.start.addingTimeInterval(-length)
        func time(_ record: AuditV1.AuditRecord) -> Date? { record.decideTime?.date }
        func subject(_ record: AuditV1.AuditRecord, _ kind: AuditV1.SubjectKind) -> String? {
            record.subjects.first { $0.kind == kind }?.subjectID
        }
        func inWindow(_ date: Date) -> Bool { date >= request.start && date < request.end }

        // Each escalation's first enqueue, and each conversation's enqueue times.
        var enqueues: [String: AuditV1.AuditRecord] = [:]
        var enqueuedAt: [String: [Date]] = [:]
        for record in records where record.kind == .escalationEnqueued {
            guard let at = time(record) else { continue }
            if let escalation = subject(record, .escalation), enqueues[escalation].flatMap(time).map({ $0 > at }) ?? true {
                enqueues[escalation] = record
            }
            if let conversation = subject(record, .conversation) { enqueuedAt[conversation, default: []].append(at) }
        }
        func category(of record: AuditV1.AuditRecord) -> String {
            if record.kind != .escalationEnqueued, let escalation = subject(record, .escalation), let enqueue = enqueues[escalation] {
                return enqueue.category
            }
            return record.category
        }
        func counts(_ category: String) -> Bool { request.categories.isEmpty || request.categories.contains(category) }

        var turns: UInt64 = 0
        var conversations = Set<String>()
        var total = Tally()
        var byCategory: [String: Tally] = [:]
        var satisfaction = (bot: [Int](), human: [Int]())
        func tally(_ category: String, _ change: (inout Tally) -> Void) {
            change(&total)
            change(&byCategory[category, default: Tally()])
        }

        for record in records {
            guard let at = time(record) else { continue }
            if at >= previousStart, at < request.start, record.kind == .escalationEnqueued, counts(category(of: record)) {
                tally(category(of: record)) { $0.previous += 1 }
            }
            guard inWindow(at) else { continue }
            switch record.kind {
            case .turnDecision:
                turns += 1
                if let conversation = subject(record, .conversation) { conversations.insert(conversation) }
            case .escalationEnqueued where counts(category(of: record)):
                let triggers = Set(record.triggerCategories.map(name(of:)))
                tally(category(of: record)) { tally in
                    tally.escalations += 1
                    for trigger in triggers { tally.byTrigger[trigger, default: 0] += 1 }
                }
            case .escalationCompleted where counts(category(of: record)):
                let cat = category(of: record)
                if record.decision == handedBack { tally(cat) { $0.handedBack += 1 } }
                if record.decision == resolved, let escalation = subject(record, .escalation),
                   let enqueued = enqueues[escalation].flatMap(time), enqueued >= previousStart, enqueued <= at {
                    tally(cat) { $0.resolutionTimes.append(at.timeIntervalSince(enqueued)) }
                }
                if let conversation = subject(record, .conversation),
                   enqueuedAt[conversation, default: []].contains(where: { $0 > at && $0.timeIntervalSince(at) <= request.reopenWindow && $0 < request.end }) {
                    tally(cat) { $0.reopened += 1 }
                }
            case .handoffFeedback where counts(category(of: record)):
                if record.inputs["necessary"] == "false" { tally(category(of: record)) { $0.unnecessary += 1 } }
            case .satisfaction:
                guard let score = record.inputs["csat"].flatMap({ Int($0) }), (1...5).contains(score) else { continue }
                switch record.inputs["handled_by"] {
                case "bot": satisfaction.bot.append(score)
                case "human": satisfaction.human.append(score)
                default: continue
                }
            default:
                continue
            }
        }

        func metrics(_ tally: Tally) -> AuditV1.EscalationMetrics {
            let denominator = Double(conversations.count)
            let times = tally.resolutionTimes.sorted()
            return .with {
                $0.turns = turns
                $0.conversations = UInt64(conversations.count)
                $0.escalations = tally.escalations
                $0.escalationRate = denominator > 0 ? Double(tally.escalations) / denominator : 0
                $0.escalationsByTrigger = tally.byTrigger
                $0.escalationRateByTrigger = denominator > 0 ? tally.byTrigger.mapValues { Double($0) / denominator } : [:]
                $0.handedBackToBot = tally.handedBack
                $0.reopened = tally.reopened
                $0.resolutionsMeasured = UInt64(times.count)
                if let median = percentile(times, 0.5) { $0.medianTimeToResolution = .init(timeInterval: median) }
                if let p90 = percentile(times, 0.9) { $0.p90TimeToResolution = .init(timeInterval: p90) }
                $0.unnecessaryEscalations = tally.unnecessary
                $0.escalationsChange = Int64(tally.escalations) - Int64(tally.previous)
            }
        }
        return .with {
            $0.window = .with {
                $0.startTime = .init(date: request.start)
                $0.endTime = .init(date: request.end)
            }
            var totals = metrics(total)
            totals.satisfaction = .with {
                $0.botResponses = UInt64(satisfaction.bot.count)
                $0.botAverage = satisfaction.bot.isEmpty ? 0 : Double(satisfaction.bot.reduce(0, +)) / Double(satisfaction.bot.count)
                $0.humanResponses = UInt64(satisfaction.human.count)
                $0.humanAverage = satisfaction.human.isEmpty ? 0 : Double(satisfaction.human.reduce(0, +)) / Double(satisfaction.human.count)
            }
            $0.total = totals
            $0.byCategory = byCategory.mapValues(metrics)
        }
    }

    /// The nearest-rank percentile `p` (0 < p <= 1) of sorted `values`; nil when empty.
    public static func percentile(_ values: [TimeInterval], _ p: Double) -> TimeInterval? {
        guard !values.isEmpty else { return nil }
        let rank = Int((p * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }
}
