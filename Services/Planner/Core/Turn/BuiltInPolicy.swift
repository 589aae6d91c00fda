/// The policy that decides for a tenant that has not activated one of its
/// own (version 0): signals' recommendation, every action approved by a
/// person, and a fail-safe that hands VIPs off when signals is down.
public enum BuiltInPolicy {
    /// The document.
    public static let document = """
        apiVersion: baton/v1
        kind: EscalationPolicy
        metadata:
          name: built-in
          description: Decides until the tenant activates a policy of its own.
        rules:
          - id: signals-recommend-handoff
            when: "signals.recommendation == 'handoff'"
            decide: handoff
            rationale: Signals recommend a person now.
          - id: action-needs-approval
            when: "action.requested"
            decide: approval
            rationale: No policy is active, so every action needs a person's approval.
          - id: default
            decide: continue
            rationale: Nothing requires a person.
        failSafe:
          rules:
            - id: fail-safe-vip
              when: "customer.tier.startsWith('vip')"
              decide: handoff
              rationale: Signals are unavailable and the customer is a VIP.
            - id: fail-safe-default
              decide: continue
              rationale: Signals are unavailable; the bot goes on, with a warning.
        tests:
          - name: a refund waits for approval
            input: {action: {requested: true, kind: refund, amount_minor: 500, currency: EUR}}
            expect: approval
          - name: plain turns go on
            input: {signals: {available: true}}
            expect: continue
        """

    /// The compiled document (its tests pass: `BuiltInPolicyTests`).
    public static let compiled: CompiledPolicy = {
        guard let policy = PolicyCompiler.compile(document, format: .yaml, knownTriggerNames: []).policy else {
            preconditionFailure("the built-in policy does not compile")
        }
        return policy
    }()
}
