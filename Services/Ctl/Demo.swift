import API
import ArgumentParser
import Foundation
import PlannerCore
import RPC
import SignalsCore
import Wire

/// The main job, driven as a support bot drives it: every customer turn goes
/// to baton-planner's HandleTurn, which asks baton-signals, applies the
/// tenant's policy, acts within the bot's authority through the demo
/// connector, asks for confirmations and approvals, and hands conversations
/// to the agents (baton-router) with their packages (baton-handoff). An
/// agent hands one back; the bot goes on without looping. Bad input is
/// refused with the field at fault, and the decision log is verified.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the demo against a running stack (deploy/local/up).")
    @OptionGroup var endpoints: Endpoints
    @Option(help: "Policy document the demo tenant runs under.") var policy = "Services/Planner/Policies/default.yaml"
    @Option(help: "The demo tenant: the one baton-connector-demo was seeded with (BATON_DEMO_TENANT).")
    var tenant = ProcessInfo.processInfo.environment["BATON_DEMO_TENANT"] ?? "demo-retail"

    func run() async throws {
        let access = DemoAccess(endpoints: endpoints)
        defer { access.close() }
        if let gateway = access.gateway {
            print("Every call goes through baton-gateway at \(gateway.host):\(gateway.port), each with its caller's API key.\n")
        }
        let admin = PlannerV1.PlannerClient(channel: try access.channel("planner", as: .admin))
        let planner = PlannerV1.PlannerClient(channel: try access.channel("planner", as: .bot))
        let supervisor = PlannerV1.PlannerClient(channel: try access.channel("planner", as: .supervisor))
        let signals = SignalsV1.SignalsClient(channel: try access.channel("signals", as: .admin))
        let handoff = HandoffV1.HandoffClient(channel: try access.channel("handoff", as: .supervisor))

        var thresholds = Defaults.thresholds
        thresholds.tenantID = tenant
        _ = try await signals.setThresholds(.with { $0.thresholds = thresholds })
        let document = try String(contentsOfFile: policy, encoding: .utf8)
        let published = try await admin.publishPolicy(.with {
            $0.tenantID = tenant
            $0.document = document
            $0.format = .yaml
            $0.publisher = .with { $0.kind = .administrator; $0.principalID = "demo-admin" }
            $0.changeNote = "the demo's retail policy"
            $0.documentCrc32c = CRC32C.checksum(Array(document.utf8))
            $0.activate = true
        })
        guard published.valid, let version = published.policy?.version else {
            for problem in published.errors { print("\(policy):\(problem.line):\(problem.column): \(problem.path): \(problem.errorMessage)") }
            throw ExitCode(1)
        }
        print("Tenant \(tenant) runs policy \(policy) as version \(version) (\(published.errors.count) warnings).\n")

        var agents: [String: RouterV1.RouterClient] = [:]
        for agent in DemoDesk.agents { agents[agent.id] = RouterV1.RouterClient(channel: try access.channel("router", as: .agent(agent.id))) }
        let desk = DemoDesk(admin: RouterV1.RouterClient(channel: try access.channel("router", as: .admin)), agents: agents,
                            tenant: tenant)
        try await desk.open()
        defer { desk.close() }
        let bot = DemoBot(planner: planner, tenant: tenant)

        print("1. A calm question: the bot goes on.")
        let calm = bot.conversation(customer: "c-ben", tier: .standard)
        try await bot.say(calm, "Hi! When will my order o-1002 arrive?")

        print("\n2. A damaged item: a refund within the bot's authority runs at once.")
        let damaged = bot.conversation(customer: "c-ada", tier: .premium)
        try await bot.say(damaged, "My headphones from order o-1001 arrived broken. Can I get 30 EUR back?",
                          action: .with { $0.actionID = "demo-refund-o-1001"; $0.kind = .refund(.with {
                              $0.amount = .with { $0.amountMinor = 3_000; $0.currencyCode = "EUR" }; $0.orderID = "o-1001"; $0.reason = "damaged_item" }) })

        print("\n3. Cancelling an order cannot be undone: the customer confirms first.")
        let cancelling = bot.conversation(customer: "c-ben", tier: .standard)
        let confirm = try await bot.say(cancelling, "Please cancel order o-1002, I ordered it twice by mistake.",
                                        action: .with { $0.actionID = "demo-cancel-o-1002"; $0.kind = .cancelOrder(.with { $0.orderID = "o-1002" }) })
        print("   customer: Yes, cancel it.")
        let confirmed = try await planner.confirmAction(.with {
            $0.tenantID = tenant
            $0.conversationID = cancelling.id
            $0.confirmationID = confirm.confirmationID
            $0.confirmed = true
        }).outcome ?? .init()
        DemoBot.show(confirmed)

        print("\n4. A refund over the bot's authority: a supervisor approves part of it.")
        let laptop = bot.conversation(customer: "c-chloe", tier: .vipGold, language: "fr")
        let asked = try await bot.say(laptop, "Mon ordinateur portable (commande o-1004) a un écran défectueux, je veux 400 euros de remboursement.",
                                      action: .with { $0.actionID = "demo-refund-o-1004"; $0.kind = .refund(.with {
                                          $0.amount = .with { $0.amountMinor = 40_000; $0.currencyCode = "EUR" }; $0.orderID = "o-1004"; $0.reason = "defective" }) })
        let approval = try await supervisor.decideApproval(.with {
            $0.tenantID = tenant
            $0.approvalID = asked.approvalID
            $0.decision = .approve
            $0.approver = .with { $0.kind = .supervisor; $0.principalID = "sam" }
            $0.reason = "screen defect confirmed; the remaining 250 EUR covers the repair"
            $0.approvedAmount = .with { $0.amountMinor = 25_000; $0.currencyCode = "EUR" }
        })
        print("   supervisor sam approves 250.00 EUR: \(approval.approval?.state ?? .unspecified)")
        for step in approval.steps { print("   step: \(step.name) [\(step.state)] \(DemoBot.outputs(step))") }
        print("   bot says: \(approval.customerMessage)")

        print("\n5. An explicit request for a person, in Spanish: hand-off with the package and what the customer hears.")
        let spanish = bot.conversation(customer: "c-ada", tier: .premium, language: "es")
        try await bot.say(spanish, "Mi pedido o-1001 llegó roto y el reembolso no me sirve.")
        let handedOff = try await bot.say(spanish, "Quiero hablar con una persona, por favor.")
        try await showPackage(handoff, tenant: tenant, escalationID: handedOff.escalationID)
        if let agent = try await desk.agent(for: handedOff.escalationID) {
            print("   \(agent) accepted \(handedOff.escalationID) and resolves it.")
            try await desk.complete(handedOff.escalationID, agent: agent, outcome: .resolved, notes: "replacement sent")
        }

        print("\n6. A legal threat: straight to a specialist, whatever else is going on.")
        let legal = bot.conversation(customer: "c-ben", tier: .standard)
        let threat = try await bot.say(legal, "If this is not fixed today my lawyer will take you to court. "
                                       + "Call me on +44 20 7946 0958 or write to ben.okafor@example.com.")
        try await showPackage(handoff, tenant: tenant, escalationID: threat.escalationID)

        print("\n7. A hand-back: the agent returns the conversation to the bot, which goes on without looping.")
        let back = bot.conversation(customer: "c-ada", tier: .premium)
        try await bot.say(back, "I was charged twice for order o-1001.")
        let escalated = try await bot.say(back, "This is ridiculous, let me talk to a human now!")
        if let agent = try await desk.agent(for: escalated.escalationID) {
            try await desk.complete(escalated.escalationID, agent: agent, outcome: .handedBackToBot,
                                    notes: "double charge explained: a pending authorisation")
            print("   \(agent) explains the pending authorisation and hands the conversation back to the bot.")
        }
        try await bot.say(back, "Okay, thanks. And when will the authorisation drop off?")
        try await bot.say(back, "Also, I'm thinking of suing you over the charges.")

        print("\nBad input is refused with the field at fault:")
        for (label, request) in [
            ("no message", PlannerV1.HandleTurnRequest.with { $0.tenantID = tenant; $0.conversationID = "x"; $0.turnID = "t"; $0.channel = .chat }),
            ("a bot's message as the customer's", PlannerV1.HandleTurnRequest.with {
                $0.tenantID = tenant; $0.conversationID = "x"; $0.turnID = "t"; $0.channel = .chat
                $0.message = .with { $0.role = .bot; $0.text = "hello" }
            }),
            ("a refund of -5 EUR", PlannerV1.HandleTurnRequest.with {
                $0.tenantID = tenant; $0.conversationID = "x"; $0.turnID = "t"; $0.channel = .chat
                $0.message = .with { $0.role = .customer; $0.text = "refund" }
                $0.requestedAction = .with { $0.actionID = "a"; $0.kind = .refund(.with {
                    $0.amount = .with { $0.amountMinor = -500; $0.currencyCode = "EUR" }; $0.orderID = "o-1001" }) }
            }),
        ] {
            do {
                _ = try await planner.handleTurn(request)
                print("   \(label): accepted (unexpected)")
            } catch let error as RPCError {
                print("   \(label): \(error.code) \(error.message)")
            }
        }
        try await verifyAuditLog(tenant: tenant, access: access)
    }

    /// Prints the package an agent gets (read by a supervisor, who may read any of the tenant's packages in full).
    private func showPackage(_ handoff: HandoffV1.HandoffClient, tenant: String, escalationID: String) async throws {
        guard !escalationID.isEmpty,
              let package = try? await handoff.get(.with {
                  $0.tenantID = tenant
                  $0.selector = .escalationID(escalationID)
                  $0.view = .full
                  $0.callerKind = .supervisor
              }).handoffPackage
        else { return }
        print("   package for the agent: \(package.summary)")
        if let classification = package.classification {
            print("      issue \(classification.issueType), urgency \(classification.urgency), complexity \(classification.complexity)")
        }
        for action in package.nextActions.prefix(2) { print("      next: \(action.summary)") }
        // What everyone but the assigned agent and supervisors sees (and what logs may hold): personal data masked.
        if let redacted = try? await handoff.get(.with {
            $0.tenantID = tenant
            $0.selector = .escalationID(escalationID)
            $0.view = .redacted
        }).handoffPackage, let last = redacted.transcript.last(where: { $0.role == .customer }),
           let full = package.transcript.last(where: { $0.role == .customer }), last.text != full.text {
            print("   the agent reads: \(full.text)")
            print("   the REDACTED view (everyone else, and logs): \(last.text)")
        }
    }

    /// The tenant's decision log: waits for the stack's decisions to reach it
    /// (the services ship them from their outboxes every second), verifies it
    /// and prints its signed checkpoint.
    private func verifyAuditLog(tenant: String, access: DemoAccess) async throws {
        guard access.reaches("audit") else { return }
        let audit = AuditV1.AuditClient(channel: try access.channel("audit", as: .auditor))
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
        let decisions = try await audit.query(.with {
            $0.tenantID = tenant
            $0.kinds = [.turnDecision, .actionExecuted, .actionConfirmed, .approvalDecided, .policyPublished, .policyActivated]
            $0.pageSize = 1_000
        }).records
        var counts: [String: Int] = [:]
        for record in decisions { counts["\(record.kind)", default: 0] += 1 }
        print("   planner records: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
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

/// The demo's support bot: sends each customer turn to HandleTurn and
/// prints what Baton decided.
struct DemoBot {
    let planner: PlannerV1.PlannerClient
    let tenant: String

    /// A conversation of the bot's.
    final class Conversation: @unchecked Sendable {
        let id = "demo-\(UUID().uuidString.prefix(8).lowercased())"
        let customer: CommonV1.CustomerProfile
        let language: String
        var turns = 0

        init(customer: CommonV1.CustomerProfile, language: String) {
            self.customer = customer
            self.language = language
        }
    }

    func conversation(customer: String, tier: CommonV1.CustomerTier, language: String = "en") -> Conversation {
        Conversation(customer: .with { $0.customerID = customer; $0.tier = tier; $0.language = language }, language: language)
    }

    @discardableResult
    func say(_ conversation: Conversation, _ text: String, action: CommonV1.RequestedAction? = nil) async throws -> PlannerV1.TurnOutcome {
        conversation.turns += 1
        let turnID = "\(conversation.id)-t\(conversation.turns)"
        print("   customer: \(text)")
        let started = ContinuousClock.now
        let outcome = try await planner.handleTurn(.with {
            $0.tenantID = tenant
            $0.conversationID = conversation.id
            $0.turnID = turnID
            $0.channel = .chat
            $0.customer = conversation.customer
            $0.message = .with { $0.messageID = turnID; $0.role = .customer; $0.text = text; $0.sendTime = .init(date: Date()) }
            $0.conversation = .with { $0.language = conversation.language }
            if let action { $0.requestedAction = action }
            $0.botID = "demo-bot"
        }).outcome ?? .init()
        let took = ContinuousClock.now - started
        Self.show(outcome, took: took)
        return outcome
    }

    static func show(_ outcome: PlannerV1.TurnOutcome, took: Duration? = nil) {
        let time = took.map { String(format: " in %.1f ms", $0.timeInterval * 1000) } ?? ""
        print("      -> \(Turn.name(outcome.decision))\(time) (policy v\(outcome.policyVersion), audit #\(outcome.auditSequence))")
        print("         why: \(outcome.rationale)")
        if !outcome.triggers.isEmpty { print("         triggers: \(outcome.triggers.map(\.name).joined(separator: ", "))") }
        for step in outcome.steps { print("         step: \(step.name) [\(step.state)] \(outputs(step))") }
        if !outcome.escalationID.isEmpty {
            let position = outcome.waitEstimate.map { "position \($0.position)" } ?? "no estimate"
            print("         escalation \(outcome.escalationID) (\(position))")
        }
        if !outcome.customerMessage.isEmpty { print("   bot says: \(outcome.customerMessage)") }
    }

    static func outputs(_ step: PlannerV1.PlanStep) -> String {
        step.state == .failed ? step.error : step.outputs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
