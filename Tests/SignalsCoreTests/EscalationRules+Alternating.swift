import SignalsCore
import Wire

extension EscalationRules {
    /// Scores a first call of a conversation whose messages are `texts`, the customer's and the bot's in turn
    /// (the customer first), for tenant "t" under `thresholds`.
    func evaluate(alternating texts: [String], thresholds: SignalsV1.Thresholds = Defaults.thresholds) -> SignalsV1.EvaluateResponse {
        evaluate(.with {
            $0.tenantID = "t"
            $0.conversation = .with {
                $0.conversationID = "c"
                $0.messages = texts.enumerated().map { position, text in
                    .with { $0.role = position % 2 == 0 ? .customer : .bot; $0.text = text }
                }
            }
        }, thresholds: thresholds)
    }
}
