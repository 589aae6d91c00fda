import Foundation
import PlannerCore
import Testing

/// `CompiledPolicy.decide` and `requiredLookups`, scripted over inputs.
@Suite("Policy decisions")
struct DecideTests {
    static let source = """
        apiVersion: baton/v1
        kind: EscalationPolicy
        metadata: {name: decide, description: Scripted decisions.}
        variables:
          - name: refund_eur
            expression: "action.kind == 'refund' && action.currency == 'EUR' ? action.amount_minor : -1"
          - name: per_turn
            expression: "action.amount_minor / conversation.turns"
          - name: big
            expression: "variables.refund_eur > 10000"
        context:
          - lookup: customer
          - lookup: order
            when: "action.requested && action.kind == 'refund'"
          - lookup: tickets
            when: "customer.open_tickets / customer.recent_contacts > 1"
        rules:
          - id: stale-ticket
            when: "context.tickets[0].age_days > 30"
            decide: handoff
            rationale: An old ticket is still open.
            handoff: {queue: backlog}
          - id: legal
            when: "'capability.legal' in signals.trigger_names"
            decide: handoff
            rationale: Legal.
            handoff: {queue: legal, urgency: high}
          - id: per-turn
            when: "variables.per_turn > 1000"
            decide: handoff
            rationale: Too much per turn.
          - id: big-refund
            when: "variables.big && customer.tier != 'vip'"
            decide: approval
            rationaleExpression: "'Refund of ' + string(variables.refund_eur) + ' EUR cents needs approval'"
            approval: {routeToSupervisor: true, ttl: 90m}
          - id: refund
            when: "variables.refund_eur > 0"
            decide: execute
            rationale: Within authority.
          - id: cancel
            when: "action.kind == 'cancel_order'"
            decide: confirm
            rationale: Irreversible.
          - id: default
            decide: continue
            rationale: Nothing.
        failSafe:
          rules:
            - id: fs-big
              when: "action.amount_minor > 5000"
              decide: approval
              rationale: No signals, large amount.
            - id: fs-default
              decide: continue
              rationale: No signals.
        """

    static func policy(_ source: String = source) throws -> CompiledPolicy {
        let compilation = PolicyTestSupport.compile(source)
        #expect(compilation.diagnostics.map(\.description) == [])
        return try #require(compilation.policy)
    }

    static func input(kind: String = "refund", amount: Int = 0, currency: String = "EUR", turns: Int = 1, tier: String = "standard",
                      triggers: [PolicyInput.Trigger] = [], tickets: [PolicyInput.Ticket] = [], available: Bool = true) -> PolicyInput {
        PolicyInput(
            signals: PolicyInput.Signals(available: available, triggers: triggers),
            customer: PolicyInput.Customer(tier: tier),
            action: PolicyInput.Action(requested: true, kind: kind, amountMinor: amount, currency: currency),
            conversation: PolicyInput.Conversation(turns: turns),
            context: PolicyInput.Context(tickets: tickets))
    }

    @Test("the first matching rule wins, in document order")
    func firstMatch() throws {
        let policy = try Self.policy()
        let legal = PolicyInput.Trigger(name: "capability.legal", category: "capability")
        // Matches legal, big-refund and refund: legal comes first.
        let verdict = policy.decide(Self.input(amount: 20_000, turns: 100, triggers: [legal]))
        #expect(verdict.decision == .handoff)
        #expect(verdict.ruleID == "legal")
        #expect(verdict.handoff == HandoffOptions(queue: "legal", urgency: "high"))
        #expect(verdict.approval == nil && verdict.confirmationTTL == nil)
        #expect(verdict.facts == [PolicyFact(path: "signals.trigger_names", value: "[\"capability.legal\"]")])
        // Without the trigger, big-refund comes before refund.
        #expect(policy.decide(Self.input(amount: 20_000, turns: 100)).ruleID == "big-refund")
        #expect(policy.decide(Self.input(amount: 20_000, turns: 100, tier: "vip")).ruleID == "refund")
        #expect(policy.decide(Self.input(amount: 500)).ruleID == "refund")
        #expect(policy.decide(Self.input(kind: "refund", amount: 500, currency: "USD")).ruleID == "default")
        let cancel = policy.decide(Self.input(kind: "cancel_order"))
        #expect(cancel.decision == .confirm)
        #expect(cancel.confirmationTTL == .seconds(600))
    }

    @Test("a rationale expression is evaluated; facts include the variables used and what they read")
    func rationaleAndFacts() throws {
        let verdict = try Self.policy().decide(Self.input(amount: 12_500, turns: 100))
        #expect(verdict.decision == .approval)
        #expect(verdict.ruleID == "big-refund")
        #expect(verdict.rationale == "Refund of 12500 EUR cents needs approval")
        #expect(verdict.approval == ApprovalOptions(routeToSupervisor: true, ttl: .seconds(5_400)))
        #expect(verdict.facts == [
            PolicyFact(path: "variables.big", value: "true"),
            PolicyFact(path: "customer.tier", value: "\"standard\""),
            PolicyFact(path: "variables.refund_eur", value: "12500"),
            PolicyFact(path: "action.kind", value: "\"refund\""),
            PolicyFact(path: "action.currency", value: "\"EUR\""),
            PolicyFact(path: "action.amount_minor", value: "12500"),
        ])
        #expect(!verdict.usedFailSafe)
    }

    @Test("evaluation errors are absorbed as warnings: the rule does not match, the variable is unset")
    func evaluationErrors() throws {
        let policy = try Self.policy()
        // No tickets: stale-ticket's index fails. Zero turns: per_turn divides by zero.
        let verdict = policy.decide(Self.input(amount: 500, turns: 0))
        #expect(verdict.ruleID == "refund")
        #expect(verdict.evaluationWarnings == [
            "variables[1].expression at 1:21: divideByZero: divide by zero",
            "rules[0].when at 1:16: indexOutOfRange: index 0 out of range for a list of 0",
            "rules[2].when at 1:11: noSuchField: no such field 'per_turn' in baton.policy.Variables",
        ])
        // With a ticket, the same rule matches; the index no longer fails.
        let stale = policy.decide(Self.input(amount: 500, turns: 1, tickets: [PolicyInput.Ticket(id: "T-1", ageDays: 45)]))
        #expect(stale.ruleID == "stale-ticket")
        #expect(stale.handoff == HandoffOptions(queue: "backlog"))
        #expect(stale.facts == [PolicyFact(path: "context.tickets", value: "[{age_days: 45, id: \"T-1\", status: \"\", subject: \"\"}]")])
        #expect(stale.evaluationWarnings == [])
    }

    @Test("without signals the failSafe rules decide; without a failSafe section the built-in one does")
    func failSafe() throws {
        let policy = try Self.policy()
        let big = policy.decide(Self.input(amount: 9_000, available: false))
        #expect(big.usedFailSafe)
        #expect(big.ruleID == "fs-big")
        #expect(big.decision == .approval)
        #expect(big.approval == ApprovalOptions(routeToSupervisor: false, ttl: .seconds(86_400)))
        #expect(policy.decide(Self.input(amount: 10, available: false)).ruleID == "fs-default")

        let builtIn = try Self.policy(Self.source.components(separatedBy: "failSafe:")[0])
        let vip = builtIn.decide(Self.input(tier: "vip", available: false))
        #expect(vip.decision == .handoff)
        #expect(vip.ruleID == CompiledPolicy.builtInFailSafeVIPRuleID)
        #expect(vip.usedFailSafe)
        let other = builtIn.decide(Self.input(tier: "standard", available: false))
        #expect(other.decision == .continue)
        #expect(other.ruleID == CompiledPolicy.builtInFailSafeDefaultRuleID)
        #expect(other.rationale.hasPrefix("Warning: signals are unavailable"))
    }

    @Test("required lookups follow their conditions; a failing condition asks for the lookup")
    func lookups() throws {
        let policy = try Self.policy()
        var input = Self.input(kind: "refund")
        input.customer.openTickets = 1
        input.customer.recentContacts = 2
        #expect(policy.requiredLookups(for: input) == [.customer, .order])
        input.action.kind = "cancel_order"
        input.customer.openTickets = 3
        input.customer.recentContacts = 1
        #expect(policy.requiredLookups(for: input) == [.customer, .tickets])
        input.customer.recentContacts = 0  // division by zero: gather the tickets anyway
        #expect(policy.requiredLookups(for: input) == [.customer, .tickets])
        // Only the entry without a `when` is needed whatever the input.
        #expect(policy.unconditionalLookups == [.customer])
    }
}
