public import Wire

/// Every trigger name baton-signals can emit, with its category: the one
/// list the planner checks its policies' trigger names against (a policy
/// naming a trigger not listed here can never match). Names are stable;
/// new triggers are added under an existing category.
public enum SignalsTriggerCatalog {
    /// Trigger names by category.
    public static let categories: [String: CommonV1.TriggerCategory] = [
        "explicit.request_for_human": .explicitRequest,
        "explicit.learned_request": .explicitRequest,
        "sentiment.consecutive_negative": .sentiment,
        "sentiment.sharp_drop": .sentiment,
        "sentiment.profanity": .sentiment,
        "capability.legal": .capabilityLimit,
        "capability.regulator": .capabilityLimit,
        "capability.data_protection": .capabilityLimit,
        "capability.safety": .capabilityLimit,
        "capability.security": .capabilityLimit,
        "capability.authorisation": .capabilityLimit,
        "capability.chargeback": .capabilityLimit,
        "capability.bereavement": .capabilityLimit,
        "capability.medical": .capabilityLimit,
        "capability.sensitive_intent": .capabilityLimit,
        "capability.learned": .capabilityLimit,
        "confidence.bot_low": .botConfidence,
        "confidence.consecutive_low": .botConfidence,
        "confidence.bot_fallback": .botConfidence,
        "intent.out_of_scope": .intent,
        "intent.unclear": .intent,
        "loop.restated_question": .loop,
        "loop.repeated_bot_answer": .loop,
        "loop.unresolved_questions": .loop,
        "behaviour.shouting": .behavioural,
        "behaviour.repeated_punctuation": .behavioural,
        "behaviour.strong_language": .behavioural,
        "behaviour.long_pause": .behavioural,
        "behaviour.angry_after_silence": .behavioural,
        "behaviour.angry_burst": .behavioural,
        "technical.repeated_payment_failure": .technicalEvent,
        "technical.error_manual_review": .technicalEvent,
        "technical.error_code": .technicalEvent,
        "technical.sensitive_setting_changed": .technicalEvent,
        "policy.refund_over_threshold": .policy,
        "policy.requested_amount_over_threshold": .policy,
        "context.unresolved_history": .context,
        "context.many_channels": .context,
        "context.recent_negative_conversations": .context,
        "context.repeat_contact": .context,
        "proactive.repeated_negative": .proactive,
        "proactive.delivery_delay": .proactive,
        "proactive.intent_spike": .proactive,
    ]

    /// Every trigger name.
    public static let names = Set(categories.keys)
}
