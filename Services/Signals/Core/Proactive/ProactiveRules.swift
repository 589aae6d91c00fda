public import Foundation
public import Wire

/// The proactive rules: what opens an outreach, a make-good or an alert,
/// from activity the service reads out of Postgres. Pure, so each rule is
/// tested with values alone; the service decides the window and stores
/// what comes back.
public enum ProactiveRules {
    /// One conversation of a customer whose sentiment ended negative.
    public struct NegativeConversation: Sendable, Hashable {
        /// The customer.
        public var customerID: String
        /// The conversation.
        public var conversationID: String
        /// Compound sentiment of its last scored customer message, in [-1, 1].
        public var compound: Double
        /// When that message was scored.
        public var time: Date

        /// Creates a record.
        public init(customerID: String, conversationID: String, compound: Double, time: Date) {
            self.customerID = customerID
            self.conversationID = conversationID
            self.compound = compound
            self.time = time
        }
    }

    /// The settings in force: the tenant's, with defaults for what it left unset.
    public static func settings(_ thresholds: SignalsV1.Thresholds) -> SignalsV1.ProactiveSettings {
        var settings = thresholds.proactive ?? Defaults.thresholds.proactive!
        if settings.negativeContacts == 0 { settings.negativeContacts = 3 }
        if (settings.negativeContactsWindow?.seconds ?? 0) <= 0 { settings.negativeContactsWindow = .with { $0.seconds = 7 * 86_400 } }
        if (settings.deliveryDelayThreshold?.seconds ?? 0) <= 0 { settings.deliveryDelayThreshold = .with { $0.seconds = 2 * 86_400 } }
        if settings.intentSpikeRatio <= 1 { settings.intentSpikeRatio = 3 }
        if settings.intentSpikeMinCount == 0 { settings.intentSpikeMinCount = 20 }
        if (settings.intentSpikeWindow?.seconds ?? 0) <= 0 { settings.intentSpikeWindow = .with { $0.seconds = 3_600 } }
        return settings
    }

    /// The detections a scan runs over a stretch in which `conversations`
    /// conversations were scored and `events` events recorded. Each needs
    /// activity in the stretch: an outreach a customer active in it, a
    /// make-good a delay recorded in it. An intent spike is counted over the
    /// whole spike window ending with the stretch (an hour by default), so a
    /// scan up to now counts it only when the stretch saw a conversation and
    /// the last count (`intentsCountedAgo`, nil for none) is at least
    /// ``intentCountInterval`` old: for a busy tenant the window holds every
    /// evaluation of the hour, and a spike found a few minutes later is still
    /// the same incident. A scan of an explicit window (`explicitWindow`)
    /// counts it regardless. An idle tenant, most tenants on most passes,
    /// costs a scan no more than its two counts.
    public static func detections(conversations: Int, events: Int, explicitWindow: Bool,
                                  intentsCountedAgo: TimeInterval? = nil) -> Set<Detection> {
        var detections: Set<Detection> = []
        if conversations > 0 { detections.insert(.repeatedNegative) }
        if events > 0 { detections.insert(.deliveryDelays) }
        if explicitWindow
            || conversations > 0 && (intentsCountedAgo.map { $0 >= intentCountInterval } ?? true) {
            detections.insert(.intentSpikes)
        }
        return detections
    }

    /// How often a scan up to now counts the spike window's intents, at most.
    public static let intentCountInterval: TimeInterval = 300

    /// One of the scan's detections.
    public enum Detection: Sendable, Hashable {
        /// ``repeatedNegative(_:settings:)``.
        case repeatedNegative
        /// ``deliveryDelay(_:orderCancelled:settings:)``.
        case deliveryDelays
        /// ``intentSpikes(observed:baseline:window:settings:)``.
        case intentSpikes
    }

    /// Outreach: a customer with `negative_contacts` or more negative
    /// conversations within the window opens one finding (while it stays
    /// open, later conversations do not open another).
    public static func repeatedNegative(_ conversations: [NegativeConversation],
                                        settings: SignalsV1.ProactiveSettings) -> [ProactiveFinding] {
        let needed = Int(settings.negativeContacts)
        let byCustomer = Dictionary(grouping: conversations, by: \.customerID)
        return byCustomer.keys.sorted().compactMap { customer -> ProactiveFinding? in
            let counted = byCustomer[customer]!.sorted { ($0.time, $0.conversationID) < ($1.time, $1.conversationID) }
            guard !customer.isEmpty, counted.count >= needed else { return nil }
            let average = counted.map(\.compound).reduce(0, +) / Double(counted.count)
            // Stronger with more conversations and deeper negativity.
            let score = min(1, 0.5 + 0.1 * Double(counted.count - needed) + 0.4 * min(1, -average))
            let days = Int((settings.negativeContactsWindow?.seconds ?? 0) / 86_400)
            var finding = SignalsV1.Finding()
            finding.kind = .outreachRepeatedNegative
            finding.customerID = customer
            finding.score = rounded(score)
            finding.summary = "Customer \(customer) had \(counted.count) conversations that ended negative within \(days) days; reach out."
            finding.trigger = trigger("proactive.repeated_negative", score: score, threshold: Double(needed),
                                      measurements: ["negative_conversations": Double(counted.count),
                                                     "average_compound": rounded(average)],
                                      explanation: finding.summary)
            finding.detail = .repeatedNegative(.with {
                $0.conversationIDs = counted.map(\.conversationID)
                $0.averageCompound = rounded(average)
            })
            return ProactiveFinding(finding: finding, dedupeKey: "customer:\(customer)")
        }
    }

    /// Make-good: a delivery-delay event at or above the threshold, for an
    /// order that was not cancelled, opens one finding per order.
    public static func deliveryDelay(_ event: CommonV1.TechnicalEvent, orderCancelled: Bool,
                                     settings: SignalsV1.ProactiveSettings) -> ProactiveFinding? {
        guard event.kind == .deliveryDelayed, !orderCancelled,
              case .deliveryDelay(let delay)? = event.detail else { return nil }
        let order = delay.orderID.isEmpty ? event.orderID : delay.orderID
        guard !order.isEmpty else { return nil }
        let threshold = Double(settings.deliveryDelayThreshold?.seconds ?? 0)
        let late: Double
        if let explicit = delay.delay {
            late = Double(explicit.seconds) + Double(explicit.nanos) / 1e9
        } else if let promised = delay.promisedTime, let expected = delay.expectedTime {
            late = Double(expected.seconds - promised.seconds)
        } else {
            // Lost in transit: no expected time at all is as late as it gets.
            late = delay.promisedTime == nil ? 0 : .infinity
        }
        guard late >= threshold, late > 0 else { return nil }
        let score = late.isInfinite ? 1 : min(1, 0.5 + 0.5 * (late - threshold) / max(threshold, 86_400))
        let days = late.isInfinite ? "an unknown time" : String(format: "%.1f days", late / 86_400)
        var finding = SignalsV1.Finding()
        finding.kind = .makeGoodDeliveryDelay
        finding.customerID = event.customerID
        finding.score = rounded(score)
        finding.summary = "Order \(order) is late by \(days)\(delay.carrier.isEmpty ? "" : " (\(delay.carrier))"); offer a make-good before the customer asks."
        finding.trigger = trigger("proactive.delivery_delay", score: score, threshold: threshold,
                                  events: [event],
                                  measurements: late.isInfinite ? [:] : ["delay_seconds": late],
                                  explanation: finding.summary)
        finding.detail = .deliveryDelay(delay)
        return ProactiveFinding(finding: finding, dedupeKey: "order:\(order)")
    }

    /// Alert: an intent counted in the spike window well above its usual
    /// count for a window of that length. `observed` counts conversations
    /// per intent in `window`; `baseline` is the usual count per window
    /// (from the days before it). A baseline below one counts as one, so a
    /// brand-new intent still needs `intent_spike_ratio` occurrences, and
    /// never fewer than `intent_spike_min_count`.
    public static func intentSpikes(observed: [String: Int], baseline: [String: Double],
                                    window: CommonV1.TimeWindow,
                                    settings: SignalsV1.ProactiveSettings) -> [ProactiveFinding] {
        observed.keys.sorted().compactMap { intent -> ProactiveFinding? in
            let count = observed[intent]!
            let usual = max(1, baseline[intent] ?? 0)
            let ratio = Double(count) / usual
            guard !intent.isEmpty, count >= Int(settings.intentSpikeMinCount), ratio >= settings.intentSpikeRatio else { return nil }
            let score = min(1, 0.5 + 0.5 * (ratio - settings.intentSpikeRatio) / settings.intentSpikeRatio)
            var finding = SignalsV1.Finding()
            finding.kind = .alertIntentSpike
            finding.score = rounded(score)
            finding.summary = "\(count) conversations about \(intent) in the last window, \(String(format: "%.1f", ratio))x the usual \(String(format: "%.1f", usual)); check for an incident."
            finding.trigger = trigger("proactive.intent_spike", score: score, threshold: settings.intentSpikeRatio,
                                      measurements: ["observed": Double(count), "baseline": rounded(usual), "ratio": rounded(ratio)],
                                      explanation: finding.summary)
            finding.detail = .intentSpike(.with {
                $0.intent = intent
                $0.observedCount = UInt32(count)
                $0.baselineCount = rounded(usual)
                $0.ratio = rounded(ratio)
                $0.window = window
            })
            // One open alert per intent: a spike that lasts several scans is one incident.
            return ProactiveFinding(finding: finding, dedupeKey: "intent:\(intent)")
        }
    }

    private static func trigger(_ name: String, score: Double, threshold: Double, events: [CommonV1.TechnicalEvent] = [],
                                measurements: [String: Double], explanation: String) -> CommonV1.Trigger {
        EscalationRules.trigger(.proactive, name, score: score, threshold: threshold, events: events,
                                measurements: measurements, explanation: explanation)
    }

    private static func rounded(_ value: Double) -> Double {
        (value * 10_000).rounded() / 10_000
    }
}
