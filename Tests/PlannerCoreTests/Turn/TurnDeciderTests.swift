import PlannerCore
import Testing
import Wire

/// The rules no policy changes, as scripts of verdicts and situations.
@Suite("Turn decider")
struct TurnDeciderTests {
    static func trigger(_ name: String, messages: [UInt32], phrase: String = "") -> CommonV1.Trigger {
        .with {
            $0.name = name
            $0.score = 0.9
            $0.evidence = .with {
                $0.messageIndexes = messages
                if !phrase.isEmpty { $0.matchedPhrases = [phrase] }
            }
        }
    }

    static func verdict(_ decision: PolicyDecision, rule: String = "r", urgency: String? = nil,
                        facts: [PolicyFact] = []) -> PolicyVerdict {
        var verdict = PolicyVerdict(decision: decision, ruleID: rule, rationale: "because")
        verdict.facts = facts
        if let urgency { verdict.handoff = HandoffOptions(queue: "billing", urgency: urgency) }
        return verdict
    }

    static let refund = PolicyInput.Action(requested: true, kind: "refund", amountMinor: 4_999, currency: "EUR")
    static let cancel = PolicyInput.Action(requested: true, kind: "cancel_order", irreversible: true)

    @Test("an explicit request for a person is honoured whatever the policy decides")
    func explicitRequestOverrides() {
        let request = Self.trigger("explicit.request_for_human", messages: [3], phrase: "get me your supervisor")
        for decision in [PolicyDecision.continue, .execute, .confirm, .approval] {
            let turn = TurnDecider.decide(verdict: Self.verdict(decision, rule: "refund-auto"), fresh: [request], stale: [],
                                          handedBack: false, action: Self.refund)
            #expect(turn.decision == .handoff)
            #expect(turn.override == .explicitRequest)
            #expect(turn.ruleID == "planner.explicit_request")
            #expect(turn.rationale.contains("get me your supervisor"))
            #expect(turn.rationale.contains("refund-auto"))
            #expect(turn.escalatingFirings == [TriggerFiring(request)])
        }
    }

    @Test("a policy's own hand-off keeps its queue and urgency")
    func policyHandoffKeepsOptions() {
        let legal = Self.trigger("capability.legal", messages: [1])
        let turn = TurnDecider.decide(verdict: Self.verdict(.handoff, rule: "legal", urgency: "critical"), fresh: [legal],
                                      stale: [], handedBack: false, action: PolicyInput.Action())
        #expect(turn.decision == .handoff)
        #expect(turn.override == nil)
        #expect(turn.queue == "billing")
        #expect(turn.urgency == .critical)
        #expect(turn.ruleID == "legal")
    }

    @Test("after a hand-back, the same evidence does not hand off again, new evidence does")
    func handBackDoesNotLoop() {
        let old = Self.trigger("sentiment.consecutive_negative", messages: [1, 2])
        let escalated: Set<String> = [TriggerFiring(old).key]
        // Signals fire the same trigger on the same messages: stale.
        let again = TurnDecider.partition([old], escalated: escalated)
        #expect(again.fresh.isEmpty && again.stale.count == 1)
        let looped = TurnDecider.decide(verdict: Self.verdict(.handoff, rule: "high-risk"), fresh: again.fresh, stale: again.stale,
                                        handedBack: true, action: PolicyInput.Action())
        #expect(looped.decision == .continue)
        #expect(looped.override == .handBackWithoutNewEvidence)
        #expect(looped.rationale.contains("sentiment.consecutive_negative"))
        // The same trigger on a new message is a new firing.
        let later = Self.trigger("sentiment.consecutive_negative", messages: [1, 2, 5])
        let split = TurnDecider.partition([later], escalated: escalated)
        #expect(split.fresh.count == 1)
        let escalates = TurnDecider.decide(verdict: Self.verdict(.handoff, rule: "high-risk"), fresh: split.fresh, stale: [],
                                           handedBack: true, action: PolicyInput.Action())
        #expect(escalates.decision == .handoff)
        #expect(escalates.escalatingFirings.map(\.key) == [TriggerFiring(later).key])
    }

    @Test("without a hand-back, a hand-off needs no fresh trigger (a rule on risk or tier alone)")
    func handoffWithoutTriggers() {
        let turn = TurnDecider.decide(verdict: Self.verdict(.handoff, rule: "vip"), fresh: [], stale: [], handedBack: false,
                                      action: PolicyInput.Action())
        #expect(turn.decision == .handoff)
        #expect(turn.escalatingFirings.isEmpty)
    }

    @Test("acting without a requested action goes on; an irreversible execute is confirmed first")
    func actionRules() {
        for decision in [PolicyDecision.execute, .confirm, .approval] {
            let turn = TurnDecider.decide(verdict: Self.verdict(decision), fresh: [], stale: [], handedBack: false,
                                          action: PolicyInput.Action())
            #expect(turn.decision == .continue)
            #expect(turn.override == .noActionRequested)
        }
        let execute = TurnDecider.decide(verdict: Self.verdict(.execute), fresh: [], stale: [], handedBack: false, action: Self.cancel)
        #expect(execute.decision == .confirm)
        #expect(execute.override == .irreversibleNeedsConfirmation)
        let refund = TurnDecider.decide(verdict: Self.verdict(.execute), fresh: [], stale: [], handedBack: false, action: Self.refund)
        #expect(refund.decision == .execute)
        #expect(refund.override == nil)
    }

    @Test("the rationale names the rule and the facts it used")
    func rationaleNamesFacts() {
        let turn = TurnDecider.decide(verdict: Self.verdict(.execute, rule: "refund-auto",
                                                            facts: [PolicyFact(path: "action.amount_minor", value: "4999")]),
                                      fresh: [], stale: [], handedBack: false, action: Self.refund)
        #expect(turn.rationale == "Rule 'refund-auto': because [action.amount_minor=4999]")
    }

    @Test("urgency from the triggers when the policy names none")
    func urgencyFromTriggers() {
        #expect(TurnDecider.urgency(named: nil, triggers: [Self.trigger("capability.safety", messages: [0])]) == .critical)
        #expect(TurnDecider.urgency(named: nil, triggers: [Self.trigger("capability.legal", messages: [0])]) == .high)
        #expect(TurnDecider.urgency(named: nil, triggers: [Self.trigger("loop.restated_question", messages: [0])]) == .normal)
        #expect(TurnDecider.urgency(named: "low", triggers: [Self.trigger("capability.safety", messages: [0])]) == .low)
    }

    @Test("a firing's key ignores the order of its evidence and the case of its phrases")
    func firingKey() {
        let first = Self.trigger("loop.restated_question", messages: [4, 2], phrase: "Where Is My Order")
        let second = Self.trigger("loop.restated_question", messages: [2, 4], phrase: "where is my order")
        #expect(TriggerFiring(first).key == TriggerFiring(second).key)
        #expect(TriggerFiring(first).key != TriggerFiring(Self.trigger("loop.restated_question", messages: [2])).key)
    }
}
