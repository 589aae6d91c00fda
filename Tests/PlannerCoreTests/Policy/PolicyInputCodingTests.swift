import Foundation
import PlannerCore
import Testing

/// The JSON form of `PolicyInput`: snake_case keys (the CEL names), every
/// key optional, lossless.
@Suite("Policy input JSON")
struct PolicyInputCodingTests {
    static let full = PolicyInput(
        signals: PolicyInput.Signals(
            available: true, risk: 0.72, recommendation: "monitor",
            triggers: [PolicyInput.Trigger(name: "capability.legal", category: "capability", score: 0.9, evidence: "my lawyer")],
            intent: "refund", intentConfidence: 0.8, sentiment: -0.4, explicitRequest: true),
        customer: PolicyInput.Customer(id: "C-1", known: true, tier: "vip", tenureDays: 400, openTickets: 2, recentContacts: 3,
                                       lifetimeValueMinor: 123_456),
        action: PolicyInput.Action(requested: true, kind: "refund", amountMinor: 12_500, currency: "EUR", irreversible: false),
        conversation: PolicyInput.Conversation(id: "conv-9", channel: "chat", language: "fr-FR", turns: 7, handedBack: true,
                                               minutesWithBot: 12.5),
        time: PolicyInput.Time(now: Date(timeIntervalSince1970: 1_717_425_000.25), localHour: 16, localWeekday: 1, businessHours: true),
        context: PolicyInput.Context(
            order: PolicyInput.Order(found: true, id: "O-7", status: "delivered", totalMinor: 25_000, currency: "EUR", delivered: true,
                                     daysSinceDelivery: 3, warrantyActive: true),
            tickets: [PolicyInput.Ticket(id: "T-1", subject: "Broken", status: "open", ageDays: 2)], customerFound: true))

    @Test("round trip through JSON is lossless")
    func roundTrip() throws {
        let data = try JSONEncoder().encode(Self.full)
        #expect(try JSONDecoder().decode(PolicyInput.self, from: data) == Self.full)
        #expect(try JSONDecoder().decode(PolicyInput.self, from: JSONEncoder().encode(PolicyInput())) == PolicyInput())
    }

    @Test("the bytes written directly are JSONEncoder's form")
    func writtenDirectly() throws {
        var escapes = Self.full
        escapes.customer.id = "C-\"1\"\\\n\u{1}é😀/"
        escapes.time.now = Date(timeIntervalSince1970: -12.000_001)
        for input in [Self.full, escapes, PolicyInput()] {
            let written = Data(try input.jsonBytes())
            #expect(try JSONDecoder().decode(PolicyInput.self, from: written) == input)
            let direct = try #require(JSONSerialization.jsonObject(with: written) as? NSDictionary)
            let encoded = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(input)) as? NSDictionary)
            #expect(direct == encoded)
        }
        var notANumber = Self.full
        notANumber.signals.risk = .nan
        #expect(throws: EncodingError.self) { try notANumber.jsonBytes() }
    }

    @Test("keys are the CEL field names")
    func keys() throws {
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.full)) as? [String: Any])
        #expect(Set(object.keys) == ["signals", "customer", "action", "conversation", "time", "context"])
        let signals = try #require(object["signals"] as? [String: Any])
        #expect(signals["trigger_names"] as? [String] == ["capability.legal"])
        #expect(signals["explicit_request"] as? Bool == true)
        let action = try #require(object["action"] as? [String: Any])
        #expect(action["amount_minor"] as? Int == 12_500)
        let order = try #require((object["context"] as? [String: Any])?["order"] as? [String: Any])
        #expect(order["days_since_delivery"] as? Int == 3)
    }

    @Test("a partial JSON input takes zero values for what it leaves out")
    func partial() throws {
        let json = #"{"action": {"kind": "refund", "amount_minor": 4999}, "signals": {"available": true}}"#
        let input = try JSONDecoder().decode(PolicyInput.self, from: Data(json.utf8))
        var expected = PolicyInput()
        expected.action.kind = "refund"
        expected.action.amountMinor = 4999
        expected.signals.available = true
        #expect(input == expected)
    }
}
