import API
import ArgumentParser
import Foundation
import PlannerCore
import RPC
import Wire

/// `batonctl turn`: send one customer turn to baton-planner as a bot would.
struct Turn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send a customer turn to baton-planner as a bot would; print the decision.")
    @OptionGroup var endpoints: Endpoints
    @Option(help: "baton-planner address (host:port); default BATON_PLANNER_ADDR or .baton/stack.env")
    var planner: String?
    @Option(help: "Tenant id.") var tenant: String
    @Option(help: "Conversation id.") var conversation: String
    @Option(help: "Turn id; default: a new one.") var turn: String?
    @Option(help: "Channel: chat, email, voice, sms, ...") var channel = "chat"
    @Option(help: "Language (BCP 47).") var language = "en"
    @Option(help: "Customer id.") var customer: String?
    @Option(help: "The bot's confidence in its last answer, 0 to 1.") var confidence: Double?
    @Option(help: "Request a refund: AMOUNT_MINOR:CURRENCY:ORDER, such as 4999:EUR:A-1001.") var refund: String?
    @Option(help: "Request an order cancellation: ORDER.") var cancel: String?
    @Argument(help: "The customer's message.") var message: String

    func run() async throws {
        guard let channelValue = TurnFacts.channel(named: channel) else { throw ValidationError("unknown channel \(channel)") }
        let channelConnection = try endpoints.channel("planner", flag: planner)
        defer { channelConnection.close() }
        let turnID = turn ?? UUID().uuidString.lowercased()
        var request = PlannerV1.HandleTurnRequest.with {
            $0.tenantID = tenant
            $0.conversationID = conversation
            $0.turnID = turnID
            $0.channel = channelValue
            $0.message = .with {
                $0.messageID = turnID
                $0.role = .customer
                $0.text = message
                $0.sendTime = .init(date: Date())
            }
            $0.conversation = .with { $0.language = language }
            if let customer { $0.customer = .with { $0.customerID = customer; $0.language = language } }
            if let confidence { $0.botConfidence = confidence }
            $0.botID = "batonctl"
        }
        if let refund {
            let parts = refund.split(separator: ":").map(String.init)
            guard parts.count == 3, let amount = Int64(parts[0]) else { throw ValidationError("--refund AMOUNT_MINOR:CURRENCY:ORDER") }
            request.requestedAction = .with {
                $0.actionID = "refund-\(turnID)"
                $0.kind = .refund(.with { $0.amount = .with { $0.amountMinor = amount; $0.currencyCode = parts[1] }; $0.orderID = parts[2] })
            }
        } else if let cancel {
            request.requestedAction = .with { $0.actionID = "cancel-\(turnID)"; $0.kind = .cancelOrder(.with { $0.orderID = cancel }) }
        }
        let outcome = try await PlannerV1.PlannerClient(channel: channelConnection).handleTurn(request).outcome ?? .init()
        Self.print(outcome)
    }

    static func name(_ decision: PlannerV1.Decision) -> String {
        switch decision {
        case .continue: "CONTINUE"
        case .execute: "EXECUTE"
        case .confirm: "CONFIRM"
        case .approval: "APPROVAL"
        case .handoff: "HANDOFF"
        default: "UNSPECIFIED"
        }
    }

    static func print(_ outcome: PlannerV1.TurnOutcome) {
        Swift.print("decision: \(name(outcome.decision))  (policy v\(outcome.policyVersion), audit #\(outcome.auditSequence))")
        Swift.print("rationale: \(outcome.rationale)")
        if !outcome.customerMessage.isEmpty { Swift.print("customer hears: \(outcome.customerMessage)") }
        if !outcome.triggers.isEmpty { Swift.print("triggers: \(outcome.triggers.map(\.name).joined(separator: ", "))") }
        for step in outcome.steps {
            let outputs = step.outputs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            Swift.print("step: \(step.name) [\(step.state)] \(outputs)\(step.error.isEmpty ? "" : " error: \(step.error)")")
        }
        if !outcome.confirmationID.isEmpty { Swift.print("confirmation: \(outcome.confirmationID)") }
        if !outcome.approvalID.isEmpty { Swift.print("approval: \(outcome.approvalID)") }
        if !outcome.escalationID.isEmpty {
            let wait = outcome.waitEstimate.map { "position \($0.position)" } ?? "no estimate yet"
            Swift.print("escalation: \(outcome.escalationID) (\(wait)); package: \(outcome.handoffPackageID.isEmpty ? "pending" : outcome.handoffPackageID)")
        }
    }
}

/// `batonctl approvals`: list and decide pending approvals.
struct Approvals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "baton-planner: list approvals, approve or reject one.", subcommands: [List.self, Decide.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's approvals, pending first.")
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-planner address (host:port)") var planner: String?
        @Option(help: "Tenant id.") var tenant: String
        @Flag(help: "Only pending approvals.") var pending = false

        func run() async throws {
            let channel = try endpoints.channel("planner", flag: planner)
            defer { channel.close() }
            let response = try await PlannerV1.PlannerClient(channel: channel).listApprovals(.with {
                $0.tenantID = tenant
                if pending { $0.states = [.pending] }
                $0.pageSize = 100
            })
            for approval in response.approvals {
                print("\(approval.approvalID)\t\(approval.state)\t\(approval.conversationID)\t\(approval.rationale)")
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve or reject an approval as a supervisor.")
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-planner address (host:port)") var planner: String?
        @Option(help: "Tenant id.") var tenant: String
        @Option(help: "Supervisor deciding (principal id).") var supervisor: String
        @Option(help: "Approve a smaller amount, in minor units of the requested currency.") var amount: Int64?
        @Option(help: "Currency of --amount.") var currency: String?
        @Option(help: "Reason (required to reject).") var reason = ""
        @Flag(help: "Reject instead of approving.") var reject = false
        @Argument(help: "Approval id.") var approval: String

        func run() async throws {
            let channel = try endpoints.channel("planner", flag: planner)
            defer { channel.close() }
            let response = try await PlannerV1.PlannerClient(channel: channel).decideApproval(.with {
                $0.tenantID = tenant
                $0.approvalID = approval
                $0.decision = reject ? .reject : .approve
                $0.approver = .with { $0.kind = .supervisor; $0.principalID = supervisor }
                $0.reason = reason
                if let amount, let currency { $0.approvedAmount = .with { $0.amountMinor = amount; $0.currencyCode = currency } }
            })
            print("approval \(response.approval?.approvalID ?? approval): \(response.approval?.state ?? .unspecified)")
            for step in response.steps { print("step: \(step.name) [\(step.state)]") }
            print("customer hears: \(response.customerMessage)")
        }
    }
}
