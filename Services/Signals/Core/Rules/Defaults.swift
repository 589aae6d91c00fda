public import Wire

/// The default escalation policy: the thresholds a tenant gets until it sets
/// its own. They follow the rules of thumb of a careful supervisor
/// (`../shared/ESCALATION-RULES.md`, summarised in Services/Signals/README.md),
/// and every number is a per-tenant setting:
///
/// - sentiment: the second negative customer message in a row (compound at
///   or below -0.3, or a complaint the learned cue reads at 0.5), or strong
///   language at once;
/// - confidence: the second bot reply in a row with confidence below 0.5;
/// - loop: the same need stated a third time (two restatements, similarity
///   0.6 within 10 messages), or the bot repeating an answer;
/// - technical: an error code on the tenant's manual-review list, a
///   sensitive setting changed by someone else, the third failed payment, or
///   the second when the money was taken;
/// - policy: a refund or compensation of 250.00 or more in USD, EUR, GBP,
///   CAD, AUD or CHF; the learned capability cue at probability 0.8, the
///   learned request cue at 0.5;
/// - context: 3 unresolved earlier contacts, 3 channels tried, 3 negative
///   conversations in 7 days, or a VIP with 2 unresolved contacts;
/// - behaviour: capitals at 70% of the letters, a burst of 3 short
///   unanswered messages (of at most 8 words, 5 minutes apart at most) with a
///   ping or anger in it, or of fragments (at most 5 words, 20 seconds apart),
///   a return after 30 minutes of silence in a live channel, when angry.
public enum Defaults {
    /// The default policy.
    public static let thresholds: SignalsV1.Thresholds = .with {
        $0.watchThreshold = 0.4
        $0.escalateThreshold = 0.7
        $0.sentiment = .with {
            $0.negativeCompound = -0.3
            $0.consecutiveNegativeCount = 2
            $0.worseningSlope = 0.4
            // Chosen leaving one written batch out of the head's training at a time (15, 16, 17).
            $0.learnedComplaintMinProbability = 0.5
        }
        $0.intent = .with { $0.minConfidence = 0.5 }
        $0.loop = .with {
            $0.windowMessages = 10
            $0.maxRestatements = 2
            $0.similarity = 0.6
        }
        $0.behaviour = .with {
            $0.uppercaseRatio = 0.7
            $0.longPause = .with { $0.seconds = 1800 }
            $0.burstMessages = 3
            $0.burstMessageWords = 8
            $0.burstGap = .with { $0.seconds = 300 }
            $0.fragmentWords = 5
            $0.fragmentGap = .with { $0.seconds = 20 }
        }
        $0.policy = .with {
            $0.refundLimits = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF"].map { code in
                .with {
                    $0.currencyCode = code
                    $0.amountMinor = 25_000
                }
            }
            // Chosen on data the cue model was not trained on: written batch 14 (no message of a conversation that
            // must not escalate reaches it) and Banking77 train (86% of its unrecognised payments and compromised
            // cards, 0.85% of its other queries). Kept high: the lists and pairs come first, the cue only adds what
            // they miss.
            $0.learnedCapabilityMinProbability = 0.8
            // Chosen leaving one written batch out of the head's training at a time (15, 16, 17: no message of a
            // conversation that must not escalate reaches it) and on CLINC150 validation and Banking77 train.
            $0.learnedRequestMinProbability = 0.5
        }
        $0.context = .with {
            $0.unresolvedContacts = 3
            $0.channelsTried = 3
            $0.lookback = .with { $0.seconds = 30 * 86_400 }
            $0.negativeConversations = 3
            $0.vipUnresolvedContacts = 2
        }
        $0.proactive = .with {
            $0.enabled = true
            $0.negativeContacts = 3
            $0.negativeContactsWindow = .with { $0.seconds = 7 * 86_400 }
        }
        $0.technical = .with {
            $0.failedPayments = 3
            $0.failedPaymentsMoneyTaken = 2
        }
        $0.confidence = .with {
            $0.lowConfidence = 0.5
            $0.consecutiveLow = 2
        }
    }
}
