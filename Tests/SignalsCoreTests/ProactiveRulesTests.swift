import Foundation
import SignalsCore
import Testing
import Wire

/// The proactive rules as pure logic: activity in, findings out.
@Suite("Proactive rules")
struct ProactiveRulesTests {
    static let settings = ProactiveRules.settings(Defaults.thresholds)
    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func negative(_ customer: String, _ conversation: String, _ compound: Double, day: Double) -> ProactiveRules.NegativeConversation {
        .init(customerID: customer, conversationID: conversation, compound: compound, time: start + day * Self.day)
    }

    @Test("three negative conversations open one outreach; two do not")
    func repeatedNegative() {
        let findings = ProactiveRules.repeatedNegative([
            Self.negative("alice", "a3", -0.6, day: 3), Self.negative("alice", "a1", -0.4, day: 1),
            Self.negative("alice", "a2", -0.8, day: 2), Self.negative("bob", "b1", -0.9, day: 1),
            Self.negative("bob", "b2", -0.9, day: 2),
        ], settings: Self.settings)
        #expect(findings.count == 1)
        let finding = try! #require(findings.first)
        #expect(finding.dedupeKey == "customer:alice")
        #expect(finding.finding.kind == .outreachRepeatedNegative)
        #expect(finding.finding.customerID == "alice")
        #expect(finding.finding.trigger?.category == .proactive)
        guard case .repeatedNegative(let detail)? = finding.finding.detail else {
            Issue.record("no repeated-negative detail")
            return
        }
        #expect(detail.conversationIDs == ["a1", "a2", "a3"], "oldest first")
        #expect(abs(detail.averageCompound - -0.6) < 1e-9)
        #expect(finding.finding.score > 0.5 && finding.finding.score <= 1)
    }

    @Test("the number of conversations needed follows the tenant's setting")
    func repeatedNegativeThreshold() {
        var settings = Self.settings
        settings.negativeContacts = 2
        let findings = ProactiveRules.repeatedNegative([Self.negative("bob", "b1", -0.5, day: 1),
                                                        Self.negative("bob", "b2", -0.5, day: 2)], settings: settings)
        #expect(findings.map(\.dedupeKey) == ["customer:bob"])
        #expect(ProactiveRules.repeatedNegative([Self.negative("", "x1", -0.5, day: 1), Self.negative("", "x2", -0.5, day: 2),
                                                 Self.negative("", "x3", -0.5, day: 3)], settings: settings).isEmpty,
                "an anonymous customer cannot be reached")
    }

    static func delay(order: String, days: Double?, promised: Bool = true, kind: CommonV1.TechnicalEventKind = .deliveryDelayed) -> CommonV1.TechnicalEvent {
        .with {
            $0.eventID = "e-\(order)"
            $0.kind = kind
            $0.customerID = "carol"
            $0.orderID = order
            $0.detail = .deliveryDelay(.with {
                $0.orderID = order
                $0.carrier = "DHL"
                if promised { $0.promisedTime = .with { $0.seconds = 1_790_000_000 } }
                if let days { $0.expectedTime = .with { $0.seconds = 1_790_000_000 + Int64(days * 86_400) } }
            })
        }
    }

    struct DelayCase: Sendable, CustomTestStringConvertible {
        var name: String
        var event: CommonV1.TechnicalEvent
        var cancelled = false
        var opens: Bool
        var testDescription: String { name }
    }

    @Test("delivery delays at or above the threshold open a make-good for open orders", arguments: [
        DelayCase(name: "three days late", event: delay(order: "o1", days: 3), opens: true),
        DelayCase(name: "exactly two days late", event: delay(order: "o2", days: 2), opens: true),
        DelayCase(name: "one day late", event: delay(order: "o3", days: 1), opens: false),
        DelayCase(name: "lost parcel: no expected time", event: delay(order: "o4", days: nil), opens: true),
        DelayCase(name: "cancelled order", event: delay(order: "o5", days: 5), cancelled: true, opens: false),
        DelayCase(name: "not a delivery event", event: delay(order: "o6", days: 5, kind: .errorCode), opens: false),
        DelayCase(name: "no order", event: delay(order: "", days: 5), opens: false),
    ])
    func deliveryDelay(_ test: DelayCase) {
        let finding = ProactiveRules.deliveryDelay(test.event, orderCancelled: test.cancelled, settings: Self.settings)
        #expect((finding != nil) == test.opens)
        if let finding {
            #expect(finding.dedupeKey == "order:\(test.event.orderID)")
            #expect(finding.finding.kind == .makeGoodDeliveryDelay)
            #expect(finding.finding.customerID == "carol")
            #expect(finding.finding.trigger?.evidence?.events.first?.eventID == test.event.eventID)
        }
    }

    @Test("an intent well above its baseline raises one alert")
    func intentSpikes() {
        let window = CommonV1.TimeWindow.with {
            $0.startTime = .with { $0.seconds = 1_790_000_000 }
            $0.endTime = .with { $0.seconds = 1_790_003_600 }
        }
        let findings = ProactiveRules.intentSpikes(
            observed: ["refund": 60, "delivery": 30, "billing": 12, "password": 25],
            baseline: ["refund": 10, "delivery": 20, "billing": 0.5],
            window: window, settings: Self.settings)
        // refund 6x over 20 minimum; delivery 1.5x; billing under the minimum count; password new (baseline counts as 1).
        #expect(findings.map(\.dedupeKey) == ["intent:password", "intent:refund"])
        guard case .intentSpike(let spike)? = findings.last?.finding.detail else {
            Issue.record("no spike detail")
            return
        }
        #expect(spike.intent == "refund" && spike.observedCount == 60 && spike.baselineCount == 10 && spike.ratio == 6)
        #expect(spike.window == window)
    }

    @Test("unset proactive settings get the documented defaults")
    func defaults() {
        let settings = ProactiveRules.settings(SignalsV1.Thresholds())
        #expect(settings.negativeContacts == 3)
        #expect(settings.deliveryDelayThreshold == .with { $0.seconds = 172_800 })
        #expect(settings.intentSpikeRatio == 3)
        #expect(settings.intentSpikeMinCount == 20)
        #expect(settings.intentSpikeWindow == .with { $0.seconds = 3_600 })
    }

    @Test("a week's intent count serves the spike windows of the next hour, of the same length, and no others")
    func baselineLifetime() {
        let hour: TimeInterval = 3_600
        let baseline = IntentBaseline(spikeStart: Self.start, windowLength: hour, period: 7 * Self.day,
                                      conversations: ["billing": 336, "delivery": 84])
        #expect(baseline.perWindow == ["billing": 2, "delivery": 0.5])
        #expect(baseline.serves(spikeStart: Self.start, windowLength: hour))
        #expect(baseline.serves(spikeStart: Self.start + 30, windowLength: hour))
        #expect(baseline.serves(spikeStart: Self.start + IntentBaseline.lifetime - 1, windowLength: hour))
        #expect(!baseline.serves(spikeStart: Self.start + IntentBaseline.lifetime, windowLength: hour))
        #expect(!baseline.serves(spikeStart: Self.start - 1, windowLength: hour), "a window before the count")
        #expect(!baseline.serves(spikeStart: Self.start + 30, windowLength: 2 * hour), "a window of another length")
    }

    @Test("a scan runs the detections its stretch has activity for, intents at most every five minutes; an explicit window always counts them")
    func detectionsFollowActivity() {
        #expect(ProactiveRules.detections(conversations: 0, events: 0, explicitWindow: false).isEmpty)
        #expect(ProactiveRules.detections(conversations: 3, events: 0, explicitWindow: false) == [.repeatedNegative, .intentSpikes])
        #expect(ProactiveRules.detections(conversations: 0, events: 2, explicitWindow: false) == [.deliveryDelays])
        #expect(ProactiveRules.detections(conversations: 0, events: 0, explicitWindow: true) == [.intentSpikes])
        #expect(ProactiveRules.detections(conversations: 1, events: 1, explicitWindow: true)
                == [.repeatedNegative, .deliveryDelays, .intentSpikes])
        // Intents counted a minute ago are not counted again yet; five minutes ago they are.
        #expect(ProactiveRules.detections(conversations: 3, events: 0, explicitWindow: false, intentsCountedAgo: 60)
                == [.repeatedNegative])
        #expect(ProactiveRules.detections(conversations: 3, events: 0, explicitWindow: false,
                                          intentsCountedAgo: ProactiveRules.intentCountInterval)
                == [.repeatedNegative, .intentSpikes])
        #expect(ProactiveRules.detections(conversations: 0, events: 0, explicitWindow: true, intentsCountedAgo: 1)
                == [.intentSpikes])
    }
}
