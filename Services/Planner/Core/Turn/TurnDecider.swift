public import Wire

/// The rules around the policy that no policy can change, as plain
/// functions of values: which triggers are new after a hand-back, and how a
/// policy verdict becomes the turn's decision.
public enum TurnDecider {
    /// The signals trigger of an explicit request for a person.
    public static let explicitRequestTrigger = "explicit.request_for_human"

    /// Splits `triggers` into those whose firing was never handed off
    /// (`fresh`) and those that were (`stale`, in `escalated`).
    public static func partition(_ triggers: [CommonV1.Trigger], escalated: Set<String>)
        -> (fresh: [CommonV1.Trigger], stale: [CommonV1.Trigger]) {
        var fresh: [CommonV1.Trigger] = []
        var stale: [CommonV1.Trigger] = []
        for trigger in triggers {
            if escalated.contains(TriggerFiring(trigger).key) { stale.append(trigger) } else { fresh.append(trigger) }
        }
        return (fresh, stale)
    }

    /// The turn's decision from the policy's `verdict`. `fresh` are the
    /// triggers the policy saw (the firings not handed off before), `stale`
    /// the ones left out; `handedBack` says whether an agent handed the
    /// conversation back to the bot before.
    public static func decide(verdict: PolicyVerdict, fresh: [CommonV1.Trigger], stale: [CommonV1.Trigger], handedBack: Bool,
                              action: PolicyInput.Action) -> TurnDecision {
        var decision = TurnDecision(
            decision: verdict.decision, ruleID: verdict.ruleID, rationale: describe(verdict), override: nil,
            urgency: urgency(named: verdict.handoff?.urgency, triggers: fresh), queue: verdict.handoff?.queue,
            approval: verdict.approval, confirmationTTL: verdict.confirmationTTL ?? PolicyVerdict.defaultConfirmationTTL,
            escalatingFirings: [])
        if let request = fresh.first(where: { $0.name == explicitRequestTrigger }), verdict.decision != .handoff {
            decision.decision = .handoff
            decision.override = .explicitRequest
            decision.ruleID = TurnOverride.explicitRequest.ruleID
            decision.urgency = urgency(named: nil, triggers: fresh)
            decision.queue = nil
            decision.rationale = "The customer asked for a person\(quote(request)); a request for a person is always honoured. "
                + "The policy's rule '\(verdict.ruleID)' decided \(verdict.decision.rawValue): \(verdict.rationale)"
        }
        switch decision.decision {
        case .handoff:
            if handedBack && fresh.isEmpty {
                decision.decision = .continue
                decision.override = .handBackWithoutNewEvidence
                decision.ruleID = TurnOverride.handBackWithoutNewEvidence.ruleID
                let names = Set(stale.map(\.name)).sorted().joined(separator: ", ")
                decision.rationale = "An agent handed the conversation back; the policy's rule '\(verdict.ruleID)' would hand it off "
                    + "again on evidence already handed off (\(names.isEmpty ? "no trigger" : names)), so the bot goes on."
            } else {
                decision.escalatingFirings = fresh.map(TriggerFiring.init)
            }
        case .execute, .confirm, .approval:
            if !action.requested {
                decision.rationale = "The policy's rule '\(verdict.ruleID)' chose \(decision.decision.rawValue), but the bot "
                    + "requested no action; the bot goes on. (\(decision.rationale))"
                decision.decision = .continue
                decision.override = .noActionRequested
                decision.ruleID = TurnOverride.noActionRequested.ruleID
            } else if decision.decision == .execute && action.irreversible {
                decision.decision = .confirm
                decision.override = .irreversibleNeedsConfirmation
                decision.ruleID = TurnOverride.irreversibleNeedsConfirmation.ruleID
                decision.rationale = "The policy's rule '\(verdict.ruleID)' allows the action, and it cannot be undone: "
                    + "the customer confirms first. (\(decision.rationale))"
            }
        case .continue:
            break
        }
        return decision
    }

    /// The verdict's rationale with the rule and the facts it used.
    static func describe(_ verdict: PolicyVerdict) -> String {
        var text = "Rule '\(verdict.ruleID)': \(verdict.rationale)"
        if !verdict.facts.isEmpty {
            text += " [" + verdict.facts.map { "\($0.path)=\($0.value)" }.joined(separator: ", ") + "]"
        }
        if verdict.usedFailSafe { text += " (signals unavailable: the policy's fail-safe decided)" }
        return text
    }

    /// The evidence of `trigger` as a short quotation.
    static func quote(_ trigger: CommonV1.Trigger) -> String {
        guard let evidence = trigger.evidence else { return "" }
        let phrase = evidence.matchedPhrases.first.map { " \"\($0)\"" } ?? ""
        let index = evidence.messageIndexes.last.map { " in message \($0)" } ?? ""
        return index + phrase
    }

    /// Urgency named by the policy ("low", "normal", "high", "critical"),
    /// else from the triggers: safety and security are critical, other
    /// capability limits high, anything else normal.
    public static func urgency(named name: String?, triggers: [CommonV1.Trigger]) -> CommonV1.Urgency {
        switch name {
        case "low": return .low
        case "normal": return .normal
        case "high": return .high
        case "critical": return .critical
        default: break
        }
        if triggers.contains(where: { $0.name.hasPrefix("capability.safety") || $0.name.hasPrefix("capability.security") }) {
            return .critical
        }
        if triggers.contains(where: { $0.name.hasPrefix("capability.") }) { return .high }
        return .normal
    }
}
