import API
import ArgumentParser
import Foundation
import RPC
import SignalsCore
import Wire

/// The main job, as far as the suite goes today: a support bot's
/// conversations scored turn by turn by baton-signals, with the triggers
/// that fired and the recommendation; the ones that must reach a person
/// routed by baton-router to two agents working the desk; then bad input
/// refused with the field at fault.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the demo against a running stack.")
    @OptionGroup var endpoints: Endpoints

    struct Scenario {
        var title: String
        var lines: [String]
        var refund: (Int64, String)? = nil
        var language = "en"
        var skill = "general"
    }

    static let scenarios = [
        Scenario(title: "A calm order question (the bot may go on)", lines: [
            "customer: Hi! Where is my order 1042?",
            "bot: It left our warehouse yesterday and arrives on Thursday.",
            "customer: Great, thanks a lot for the quick answer.",
        ]),
        Scenario(title: "Frustration building over a double charge", lines: [
            "customer: I was charged twice for order 1042.",
            "bot: I can see one payment of 119.90 EUR. Could you check your bank statement?",
            "customer: I already checked, it is charged twice and this is really annoying.",
            "bot: Pending authorisations can take up to 7 days to drop off.",
            "customer: This is a terrible joke, I am furious and I want my money back NOW!!",
        ], skill: "billing"),
        Scenario(title: "An explicit request for a person, in Spanish", lines: [
            "customer: Mi pedido llegó roto.",
            "bot: Lo siento. ¿Puede enviarme una foto?",
            "customer: Quiero hablar con una persona, por favor.",
        ], language: "es"),
        Scenario(title: "A refund above the bot's authority", lines: [
            "customer: The TV I bought arrived with a cracked screen, I want a refund.",
        ], refund: (49_900, "EUR"), skill: "billing"),
        Scenario(title: "A legal threat", lines: [
            "customer: If this is not fixed today I will talk to my lawyer.",
        ]),
    ]

    func run() async throws {
        let channel = try endpoints.channel("signals", flag: endpoints.signals)
        defer { channel.close() }
        let signals = SignalsV1.SignalsClient(channel: channel)
        let tenant = "demo-retail"
        var thresholds = Defaults.thresholds
        thresholds.tenantID = tenant
        let saved = try await signals.setThresholds(.with { $0.thresholds = thresholds }).thresholds
        print("Tenant \(tenant): thresholds revision \(saved?.revision ?? 0) (refunds above 100.00 EUR need a person)\n")

        var escalated: [(number: Int, scenario: Scenario, reason: String)] = []
        for (number, scenario) in Self.scenarios.enumerated() {
            print("\(number + 1). \(scenario.title)")
            let conversationID = "demo-\(number + 1)-\(UInt32.random(in: 0...UInt32.max))"
            var messages: [CommonV1.ConversationMessage] = []
            for (index, line) in scenario.lines.enumerated() {
                let message = Transcript.message(line, index: index)
                messages.append(message)
                print("   \(message.role == .customer ? "customer" : "bot     "): \(message.text)")
                guard message.role == .customer else { continue }
                let request = SignalsV1.EvaluateRequest.with {
                    $0.tenantID = tenant
                    $0.turnID = message.messageID
                    $0.conversation = .with {
                        $0.conversationID = conversationID
                        $0.tenantID = tenant
                        $0.customer = .with { $0.customerID = "customer-\(number + 1)" }
                        $0.messages = messages
                    }
                    if let (amount, currency) = scenario.refund {
                        $0.requestedAction = .with {
                            $0.actionID = "refund-\(number)"
                            $0.kind = .refund(.with { $0.amount = .with { $0.amountMinor = amount; $0.currencyCode = currency } })
                        }
                    }
                }
                let started = ContinuousClock.now
                let response = try await signals.evaluate(request)
                let took = ContinuousClock.now - started
                let milliseconds = Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000
                print("      -> \(Transcript.describe(response, took: String(format: "%.1f ms", milliseconds)))")
                if response.recommendation == .escalateNow, !escalated.contains(where: { $0.number == number + 1 }) {
                    escalated.append((number + 1, scenario, response.triggers.first?.explanation ?? "escalated"))
                }
            }
            print("")
        }

        try await RouterDemo(endpoints: endpoints).run(tenant: tenant, escalations: escalated.map {
            (id: "demo-\($0.number)-\(UInt32.random(in: 0...UInt32.max))", title: $0.scenario.title, language: $0.scenario.language,
             skill: $0.scenario.skill, reason: $0.reason)
        })

        print("Bad input is refused with the field at fault:")
        for (label, request) in [
            ("no tenant", SignalsV1.EvaluateRequest.with { $0.conversation = .with { $0.conversationID = "x" } }),
            ("unknown tenant", SignalsV1.EvaluateRequest.with {
                $0.tenantID = "nobody"
                $0.conversation = .with { $0.conversationID = "x"; $0.messages = [Transcript.message("customer: hi", index: 0)] }
            }),
            ("bot confidence 1.5", SignalsV1.EvaluateRequest.with {
                $0.tenantID = tenant
                $0.botConfidence = 1.5
                $0.conversation = .with { $0.conversationID = "x"; $0.messages = [Transcript.message("customer: hi", index: 0)] }
            }),
        ] {
            do {
                _ = try await signals.evaluate(request)
                print("   \(label): accepted (unexpected)")
            } catch let error as RPCError {
                print("   \(label): \(error.code) \(error.message)")
            }
        }
        try await verifyAuditLog(tenant: tenant)
    }

    /// The tenant's decision log: waits for the stack's decisions to reach it
    /// (the services ship them from their outboxes every second), verifies it
    /// and prints its signed checkpoint.
    private func verifyAuditLog(tenant: String) async throws {
        guard (try? endpoints.address(of: "audit", flag: nil)) != nil else { return }
        let channel = try endpoints.channel("audit", flag: nil)
        defer { channel.close() }
        let audit = AuditV1.AuditClient(channel: channel)
        print("\nThe decision log of \(tenant) (baton-audit):")
        var size: UInt64 = 0
        for _ in 0..<20 {
            let latest = try? await audit.getCheckpoint(.with { $0.tenantID = tenant }, options: .init(timeout: .seconds(5)))
            let now = latest?.checkpoint?.treeSize ?? 0
            // Settled: unchanged over longer than the services' one-second shipping interval.
            if now > 0, now == size { break }
            size = now
            try await Task.sleep(for: .milliseconds(1500))
        }
        let verified = try await audit.verify(.with { $0.tenantID = tenant }, options: .init(timeout: .seconds(60)))
        print(verified.valid
              ? "   verified: \(verified.entriesChecked) entries recomputed, matching the signed checkpoint"
              : "   NOT VALID: \(verified.failure)")
        print("   checkpoint (C2SP signed note; verify with Tools/tlog-verify or golang.org/x/mod/sumdb/note):")
        for line in (verified.checkpoint?.note ?? "").split(separator: "\n") {
            print("      \(line)")
        }
    }
}
