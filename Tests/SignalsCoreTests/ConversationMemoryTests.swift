import SignalsCore
import Testing
import Wire

/// The conversation memory: a bot that sends only the current turn is
/// scored like one that resends everything, and the trigger catalog names
/// every trigger the rules emit.
@Suite("Conversation memory and trigger catalog")
struct ConversationMemoryTests {
    @Test("every scenario escalates at the same turn with the same triggers whether the bot resends the history or not")
    func currentTurnOnly() throws {
        for scenario in try Scenario.all() {
            let full = try EscalationScenarioTests.replay(scenario)
            let delta = try EscalationScenarioTests.replay(scenario, resendHistory: false)
            #expect(full.escalatedAt == delta.escalatedAt, "\(scenario.id)")
            #expect(full.firedPerTurn == delta.firedPerTurn, "\(scenario.id)")
            #expect(full.risks == delta.risks, "\(scenario.id)")
        }
    }

    @Test("a message sent again, with or without an id, is remembered once; an event id is counted once")
    func idempotent() {
        func message(_ id: String, _ text: String, at seconds: Int64) -> CommonV1.ConversationMessage {
            .with {
                $0.messageID = id
                $0.role = .customer
                $0.text = text
                $0.sendTime = .with { $0.seconds = seconds }
            }
        }
        let failed: CommonV1.TechnicalEvent = .with { $0.eventID = "pay-1"; $0.kind = .paymentFailed }
        var request = SignalsV1.EvaluateRequest()
        request.conversation = .with { $0.conversationID = "c"; $0.messages = [message("m1", "my card was declined", at: 10)] }
        request.events = [failed]
        var memory = ConversationMemory()
        let first = memory.merge(request)
        memory.remember(first)
        #expect(first.newMessages.count == 1 && first.newEvents.count == 1)

        let again = memory.merge(request)
        #expect(again.newMessages.isEmpty && again.newEvents.isEmpty)
        #expect(again.request.conversation?.messages.count == 1)
        #expect(again.request.events.count == 1)

        // Without ids, the same role, time and text is the same message; an identical later message is not.
        request.conversation!.messages = [message("", "ok", at: 20), message("", "ok", at: 20)]
        request.events = []
        let twice = memory.merge(request)
        memory.remember(twice)
        #expect(twice.newMessages.count == 2)
        let resent = memory.merge(request)
        #expect(resent.newMessages.isEmpty)
        #expect(resent.request.conversation?.messages.count == 3)
        #expect(resent.scoredIndex == 2)
    }

    @Test("a memory remembers the new events a store kept, and only those, when told which")
    func keptEvents() {
        var request = SignalsV1.EvaluateRequest()
        request.conversation = .with {
            $0.conversationID = "c"
            $0.messages = [.with { $0.messageID = "m1"; $0.role = .customer; $0.text = "payment failed twice" }]
        }
        request.botConfidence = 0.3
        request.events = [.with { $0.eventID = "pay-1"; $0.kind = .paymentFailed },
                          .with { $0.eventID = "pay-2"; $0.kind = .paymentFailed }]
        var stored = ConversationMemory()
        stored.remember(stored.merge(request), keptEvents: ["pay-2"])
        #expect(stored.events.map(\.eventID) == ["pay-2"], "pay-1 was stored for another conversation")
        #expect(stored.messages.map(\.botConfidence) == [0.3])
        var all = ConversationMemory()
        all.remember(all.merge(request))
        #expect(all.events.map(\.eventID) == ["pay-1", "pay-2"])
    }

    @Test("two low-confidence bot replies in a row escalate across calls; one does not")
    func consecutiveLowConfidence() {
        let rules = EscalationRules(sentiment: SentimentAnalyzer.shared)
        var memory = ConversationMemory()
        var recommendations: [SignalsV1.Recommendation] = []
        let texts = ["can I pay by card", "does the gym open on sundays", "is parking free"]
        for (turn, confidence) in [0.9, 0.4, 0.45].enumerated() {
            var request = SignalsV1.EvaluateRequest()
            request.conversation = .with {
                $0.conversationID = "c"
                $0.messages = [.with {
                    $0.messageID = "m\(turn)"
                    $0.role = .customer
                    $0.text = texts[turn]
                }]
            }
            request.botConfidence = confidence
            let merged = memory.merge(request)
            memory.remember(merged)
            recommendations.append(rules.evaluate(merged, thresholds: Defaults.thresholds).recommendation)
        }
        #expect(recommendations.map { $0 == .escalateNow } == [false, false, true])
    }

    @Test("the catalog names every trigger the scenarios fire, with its category")
    func catalog() throws {
        for scenario in try Scenario.all() {
            let outcome = try EscalationScenarioTests.replay(scenario)
            for name in outcome.firedPerTurn.joined() {
                #expect(SignalsTriggerCatalog.names.contains(name), "\(scenario.id): \(name) is not in the catalog")
            }
            for trigger in outcome.triggersAtEscalation {
                #expect(SignalsTriggerCatalog.categories[trigger.name] == trigger.category, "\(trigger.name)")
            }
        }
        #expect(SignalsTriggerCatalog.names.isSuperset(of: [
            "explicit.request_for_human", "capability.legal", "capability.safety", "capability.security",
        ]))
    }
}
