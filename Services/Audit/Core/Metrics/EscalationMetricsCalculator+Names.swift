public import Wire

extension EscalationMetricsCalculator {
    /// The proto name of a trigger category, the key of the by-trigger maps.
    public static func name(of category: CommonV1.TriggerCategory) -> String {
        switch category {
        case .unspecified: "TRIGGER_CATEGORY_UNSPECIFIED"
        case .explicitRequest: "TRIGGER_CATEGORY_EXPLICIT_REQUEST"
        case .sentiment: "TRIGGER_CATEGORY_SENTIMENT"
        case .intent: "TRIGGER_CATEGORY_INTENT"
        case .capabilityLimit: "TRIGGER_CATEGORY_CAPABILITY_LIMIT"
        case .loop: "TRIGGER_CATEGORY_LOOP"
        case .behavioural: "TRIGGER_CATEGORY_BEHAVIOURAL"
        case .technicalEvent: "TRIGGER_CATEGORY_TECHNICAL_EVENT"
        case .policy: "TRIGGER_CATEGORY_POLICY"
        case .context: "TRIGGER_CATEGORY_CONTEXT"
        case .botConfidence: "TRIGGER_CATEGORY_BOT_CONFIDENCE"
        case .proactive: "TRIGGER_CATEGORY_PROACTIVE"
        case .unrecognized(let value): "TRIGGER_CATEGORY_\(value)"
        }
    }
}
