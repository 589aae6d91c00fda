import HandoffCore
import Wire

/// Conversations and triggers the package tests build from.
enum PackageFixtures {
    static func message(_ role: CommonV1.ConversationMessage.Role, _ text: String, at seconds: Int64) -> CommonV1.ConversationMessage {
        .with {
            $0.role = role
            $0.text = text
            $0.sendTime = .with { $0.seconds = 1_780_000_000 + seconds }
        }
    }

    static func trigger(_ category: CommonV1.TriggerCategory, _ name: String, score: Double = 0.9, indexes: [UInt32] = [],
                        phrases: [String] = [], events: [CommonV1.TechnicalEvent] = []) -> CommonV1.Trigger {
        .with {
            $0.category = category
            $0.name = name
            $0.score = score
            $0.threshold = 0.5
            $0.explanation = "fired: \(name)"
            $0.evidence = .with {
                $0.messageIndexes = indexes
                $0.matchedPhrases = phrases
                $0.events = events
            }
        }
    }

    static func step(_ kind: HandoffV1.StepKind, _ description: String, _ result: HandoffV1.StepResult) -> HandoffV1.AttemptedStep {
        .with {
            $0.kind = kind
            $0.description = description
            $0.result = result
        }
    }

    static let customer = CommonV1.CustomerProfile.with {
        $0.customerID = "cust-42"
        $0.displayName = "Ada Lovelace"
        $0.tier = .standard
        $0.tenureDays = 400
    }

    /// An English refund conversation: a double charge, the bot explained
    /// the policy, a refund over its limit was refused, the customer asks
    /// for a person.
    static var englishRefund: PackageInput {
        let conversation = CommonV1.Conversation.with {
            $0.conversationID = "conv-en"
            $0.tenantID = "acme"
            $0.language = "en"
            $0.customer = customer
            $0.messages = [
                message(.customer, "Hi there. I was charged twice for my order 1042 and I want a refund of the second charge.", at: 0),
                message(.bot, "I'm sorry about that. Refunds are processed within 5 days.", at: 10),
                message(.customer, "That does not help. Please refund it today, my email is ada@example.com.", at: 30),
                message(.bot, "I can only refund up to 50 EUR.", at: 40),
                message(.customer, "Then let me speak to a human please.", at: 60),
            ]
        }
        return PackageInput(
            conversation: conversation,
            trigger: trigger(.explicitRequest, "explicit.human_request", indexes: [4], phrases: ["speak to a human"]),
            additionalTriggers: [trigger(.policy, "policy.refund_over_threshold", score: 0.7, indexes: [0], phrases: ["refund"])],
            steps: [step(.botAnswer, "explained the refund policy", .failed),
                    step(.action, "refund of 120.00 EUR for order 1042", .notAllowed)],
            requestedAction: .with {
                $0.actionID = "a1"
                $0.kind = .refund(.with {
                    $0.orderID = "1042"
                    $0.amount = .with { $0.currencyCode = "EUR"; $0.amountMinor = 12_000 }
                })
            },
            intent: "get_refund", intentConfidence: 0.91,
            relatedTickets: [.with { $0.ticketID = "T-7"; $0.subject = "Charged twice"; $0.status = "open" }])
    }

    /// The same issue in Spanish.
    static var spanishRefund: PackageInput {
        var input = englishRefund
        input.conversation.language = "es"
        input.conversation.messages = [
            message(.customer, "Hola. Me cobraron dos veces el pedido 1042 y el reembolso no llega.", at: 0),
            message(.bot, "Lo siento. Los reembolsos tardan 5 días.", at: 10),
            message(.customer, "Quiero hablar con una persona, por favor.", at: 30),
        ]
        input.trigger = trigger(.explicitRequest, "explicit.human_request", indexes: [2], phrases: ["hablar con una persona"])
        return input
    }
}
