public import Wire

/// The thresholds a tenant gets until it sets its own.
public enum Defaults {
    /// Every category on; two negative customer messages in a row; loops after
    /// two restatements; refunds and credits of 100.00 EUR or more go to a
    /// person (amounts in other currencies are not compared: a tenant paying
    /// out in another currency sets its own limit).
    public static let thresholds: SignalsV1.Thresholds = .with {
        $0.watchThreshold = 0.4
        $0.escalateThreshold = 0.7
        $0.sentiment = .with {
            $0.negativeCompound = -0.3
            $0.consecutiveNegativeCount = 2
            $0.worseningSlope = 0.4
        }
        $0.intent = .with { $0.minConfidence = 0.5 }
        $0.loop = .with {
            $0.windowMessages = 10
            $0.maxRestatements = 2
            $0.similarity = 0.6
        }
        $0.behaviour = .with {
            $0.uppercaseRatio = 0.7
            $0.longPause = .with { $0.seconds = 600 }
        }
        $0.policy = .with {
            $0.refundAmountThreshold = .with {
                $0.currencyCode = "EUR"
                $0.amountMinor = 10_000
            }
        }
        $0.context = .with {
            $0.unresolvedContacts = 2
            $0.channelsTried = 3
            $0.lookback = .with { $0.seconds = 30 * 86_400 }
        }
        $0.proactive = .with {
            $0.enabled = true
            $0.negativeContacts = 3
            $0.negativeContactsWindow = .with { $0.seconds = 7 * 86_400 }
        }
    }
}
