import Foundation
import Testing
import Wire

/// Hand-written, realistic samples in `Fixtures/Golden`: protoc encodes the
/// text, Swift decodes it to the values written here, and protoc decodes
/// Swift's encoding back to the same text. The same two messages drive the
/// codec benchmark.
@Suite("Golden: realistic messages")
struct RealisticMessageTests {
    static func fixture(_ name: String) throws -> String {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/Golden/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    private func roundTrip<M: ProtoMessage>(_ type: M.Type, fixture name: String, file: String) throws -> M {
        let reference = try Protoc.encode(try Self.fixture(name), as: M.protoMessageName, file: file)
        let message = try M(serializedBytes: reference)
        #expect(!message.containsUnknownFields)
        let ours = message.serializedBytes()
        #expect(try Protoc.decode(ours, as: M.protoMessageName, file: file)
                == Protoc.decode(reference, as: M.protoMessageName, file: file))
        return message
    }

    @Test("a bot turn with a 20-message history decodes to the expected values")
    func handleTurnRequest() throws {
        let turn = try roundTrip(PlannerV1.HandleTurnRequest.self, fixture: "handle_turn_request.txtpb",
                                 file: "baton/planner/v1/planner.proto")
        #expect(turn.tenantID == "acme-retail")
        #expect(turn.channel == .chat)
        #expect(turn.customer?.tier == .vipGold)
        #expect(turn.customer?.tenureDays == 1461)
        #expect(turn.customer?.lifetimeValue == .with { $0.currencyCode = "EUR"; $0.amountMinor = 482_350 })
        #expect(turn.customer?.recentActivity?.channelsTried == [.email, .chat, .voice])
        #expect(turn.customer?.attributes == ["segment": "b2c", "region": "uk"])
        #expect(turn.message?.text == "Hello?? Is anyone there? I asked for a human.")
        #expect(turn.message?.sendTime?.seconds == 1_741_002_407)
        #expect(turn.botConfidence == 0.31)
        #expect(turn.events.map(\.kind) == [.paymentFailed, .errorCode, .deliveryDelayed, .settingsChanged])
        guard case .paymentFailure(let failure)? = turn.events.first?.detail else {
            Issue.record("first event has no payment failure detail")
            return
        }
        #expect(failure.amount?.amountMinor == 11_990)
        #expect(failure.attempt == 2)
        guard case .refund(let refund)? = turn.requestedAction?.kind else {
            Issue.record("requested action is not a refund")
            return
        }
        #expect(refund.amount?.currencyCode == "EUR")
        #expect(refund.orderID == "1042")
        let history = try #require(turn.conversation?.messages)
        #expect(history.count == 20)
        #expect(history[0].text == "Hi, I was charged twice for my order #1042 and I need that fixed.")
        #expect(history[19].text == "Actually just let me talk to a real person please.")
        #expect(history[19].sendTime?.nanos == 19_000)
        #expect(history.map(\.role).filter { $0 == .customer }.count == 10)
        #expect(turn.conversation?.channelsUsed == [.chat, .email])
        #expect(turn.metadata["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test("a full handoff package decodes to the expected values")
    func handoffPackage() throws {
        let package = try roundTrip(HandoffV1.HandoffPackage.self, fixture: "handoff_package.txtpb",
                                    file: "baton/handoff/v1/handoff.proto")
        #expect(package.summary.hasPrefix("Zoë (VIP Gold, 4 years) was charged twice for order #1042: t"))
        #expect(package.customer?.displayName == "Zoë")
        #expect(package.customer?.lifetimeValue?.amountMinor == 482_350)
        #expect(package.transcript.count == 20)
        #expect(package.transcript[2].text == "Thanks. It's the order with the walking boots, paid with my Visa.")
        #expect(package.transcript[19].sendTime?.seconds == 1_741_426_352)
        let times = package.transcript.compactMap { $0.sendTime?.seconds }
        #expect(times == times.sorted())
        guard case .refund(let refund)? = package.nextActions.first?.action?.kind else {
            Issue.record("first next action is not a refund")
            return
        }
        #expect(refund.amount == .with { $0.currencyCode = "EUR"; $0.amountMinor = 11_990 })
        guard case .paymentFailure(let failure)? = package.events.first?.detail else {
            Issue.record("first event has no payment failure")
            return
        }
        #expect(failure.amount?.amountMinor == 11_990)
        #expect(package.articles.count >= 2)
        #expect(package.relatedTickets.count >= 2)
    }
}
