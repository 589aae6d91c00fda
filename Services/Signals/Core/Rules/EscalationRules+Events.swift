import Wire

/// Technical events passed with the turn, and policy cues: money above the
/// tenant's limit, proposed by the bot or asked for by the customer.
extension EscalationRules {
    func eventTriggers(_ events: [CommonV1.TechnicalEvent], into triggers: inout [Trigger]) {
        // One event may report the third attempt: count attempts, not events.
        let failedPayments = events.filter { $0.kind == .paymentFailed }
        let attempts = failedPayments.map { event -> Int in
            if case .paymentFailure(let failure)? = event.detail { return max(1, Int(failure.attempt)) }
            return 1
        }
        let failures = max(failedPayments.count, attempts.max() ?? 0)
        if failures >= 2 {
            // Twice may be a typo; three times the customer cannot pay and the bot cannot fix it.
            triggers.append(Self.trigger(.technicalEvent, "technical.repeated_payment_failure",
                                         score: failures >= 3 ? 1 : 0.8, threshold: 2, events: failedPayments,
                                         measurements: ["failed_payments": Double(failures)],
                                         explanation: "\(failures) failed payments"))
        }
        let errors = events.filter { $0.kind == .errorCode }
        let forReview = errors.filter { $0.attributes["manual_review"] == "true" }
        if !forReview.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.error_manual_review", score: 1, threshold: 1,
                                         events: forReview, explanation: "An error code the tenant sends to manual review"))
        } else if !errors.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.error_code", score: 0.5, threshold: 1, events: errors,
                                         explanation: "Error codes reported with the turn"))
        }
        let takeover = events.filter { event in
            guard event.kind == .settingsChanged, case .settingChange(let change)? = event.detail else { return false }
            return !change.changedByCustomer && Lexicons.sensitiveSettings.contains(change.setting.lowercased())
        }
        if !takeover.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.sensitive_setting_changed", score: 1, threshold: 1,
                                         events: takeover,
                                         explanation: "A security setting was changed by someone other than the customer"))
        }
    }

    func policyTriggers(_ action: CommonV1.RequestedAction?, text: String, original: String, index: Int,
                        thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        guard let limit = thresholds.policy?.refundAmountThreshold ?? Defaults.thresholds.policy?.refundAmountThreshold
        else { return }
        let proposed: CommonV1.Money? = switch action?.kind {
        case .refund(let refund)?: refund.amount
        case .accountCredit(let credit)?: credit.amount
        case .custom(let custom)?: custom.amount
        default: nil
        }
        if let amount = proposed, amount.currencyCode == limit.currencyCode, amount.amountMinor >= limit.amountMinor {
            triggers.append(Self.trigger(.policy, "policy.refund_over_threshold", score: 1, threshold: Double(limit.amountMinor),
                                         measurements: ["amount_minor": Double(amount.amountMinor)],
                                         explanation: "A refund or credit of \(amount.amountMinor) \(amount.currencyCode) minor units is over the limit"))
            return
        }
        // "I want compensation of €300": the customer names the amount.
        let phrases = refundRequest.matches(inNormalized: text)
        guard !phrases.isEmpty,
              let asked = MoneyMention.all(in: original)
                  .filter({ $0.currencyCode == limit.currencyCode }).max(by: { $0.amountMinor < $1.amountMinor }),
              asked.amountMinor >= limit.amountMinor
        else { return }
        triggers.append(Self.trigger(.policy, "policy.requested_amount_over_threshold", score: 1,
                                     threshold: Double(limit.amountMinor), messages: [index], phrases: phrases,
                                     measurements: ["amount_minor": Double(asked.amountMinor)],
                                     explanation: "The customer asks for \(asked.amountMinor) \(asked.currencyCode) minor units, over the limit"))
    }
}
