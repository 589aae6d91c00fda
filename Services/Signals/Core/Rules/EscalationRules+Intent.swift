import Wire

/// Intent: what the customer wants, and whether the bot may handle it.
extension EscalationRules {
    /// The wire intent of `prediction`, and its triggers: an intent the
    /// tenant marked sensitive is a capability limit; one outside the
    /// tenant's in-scope list, or one the model is unsure of (below
    /// `min_confidence`), is an intent trigger that raises the risk without
    /// escalating alone.
    func intentTriggers(_ prediction: IntentPrediction, index: Int, thresholds: SignalsV1.Thresholds,
                        into triggers: inout [Trigger]) -> SignalsV1.Intent {
        let settings = thresholds.intent ?? Defaults.thresholds.intent!
        let minimum = settings.minConfidence > 0 ? settings.minConfidence : Defaults.thresholds.intent!.minConfidence
        let outOfScope = !settings.inScopeIntents.isEmpty && !settings.inScopeIntents.contains(prediction.name)
        let measurements = ["intent_confidence": prediction.confidence]
        if settings.sensitiveIntents.contains(prediction.name), prediction.confidence >= minimum {
            triggers.append(Self.trigger(.capabilityLimit, "capability.sensitive_intent", score: 0.9, threshold: minimum,
                                         messages: [index], measurements: measurements,
                                         explanation: "The tenant routes '\(prediction.name)' requests to a person"))
        }
        if outOfScope, prediction.confidence >= minimum {
            triggers.append(Self.trigger(.intent, "intent.out_of_scope", score: 0.5, threshold: minimum,
                                         messages: [index], measurements: measurements,
                                         explanation: "'\(prediction.name)' is outside what the bot may handle"))
        } else if prediction.confidence < minimum {
            triggers.append(Self.trigger(.intent, "intent.unclear", score: min(0.4, (minimum - prediction.confidence) / minimum),
                                         threshold: minimum, messages: [index], measurements: measurements,
                                         explanation: "The customer's intent is unclear"))
        }
        return .with {
            $0.name = prediction.name
            $0.confidence = (prediction.confidence * 10_000).rounded() / 10_000
            $0.outOfScope = outOfScope
            $0.alternatives = prediction.candidates.dropFirst().prefix(5).map { candidate in
                .with {
                    $0.name = candidate.name
                    $0.confidence = (candidate.confidence * 10_000).rounded() / 10_000
                }
            }
        }
    }
}
