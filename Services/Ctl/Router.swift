import API
import ArgumentParser
import Foundation
import RPC
import Wire

/// `batonctl router ...`: configure queues and agents, enqueue, act as an
/// agent on the desk stream, and watch a queue.
struct Router: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queues, agents and escalations on baton-router.",
        subcommands: [Queue.self, Agent.self, Enqueue.self, Desk.self, WatchQueue.self])

    struct Target: ParsableArguments {
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-router address (host:port); default BATON_ROUTER_ADDR or .baton/stack.env")
        var router: String?
        @Option(help: "Tenant.") var tenant: String

        func client() throws -> (RouterV1.RouterClient, RPCChannel) {
            let channel = try endpoints.channel("router", flag: router)
            return (RouterV1.RouterClient(channel: channel), channel)
        }
    }

    /// Parses `name:level` pairs.
    static func skills(_ text: String) throws -> [(String, UInt32)] {
        try text.split(separator: ",").filter { !$0.isEmpty }.map { pair in
            let parts = pair.split(separator: ":")
            guard parts.count <= 2, let name = parts.first, let level = UInt32(parts.count == 2 ? parts[1] : "0") else {
                throw ValidationError("skills are name:level pairs separated by commas, such as billing:5,refunds:3")
            }
            return (String(name), level)
        }
    }

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or replace a queue.")
        @OptionGroup var target: Target
        @Option(help: "Queue id.") var queue = "default"
        @Option(help: "Categories routed to it, comma separated.") var categories = ""
        @Option(help: "Seconds an offer stays open.") var offerTimeout = 30

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let response = try await client.upsertQueue(.with {
                $0.queue = .with {
                    $0.tenantID = target.tenant
                    $0.queueID = queue
                    $0.categories = categories.split(separator: ",").map(String.init)
                    $0.offerTimeout = .with { $0.seconds = Int64(offerTimeout) }
                }
            })
            print("queue \(queue): \(response.created ? "created" : "updated")")
        }
    }

    struct Agent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or replace an agent's profile.")
        @OptionGroup var target: Target
        @Option(help: "Agent id.") var agent: String
        @Option(help: "Display name.") var name = ""
        @Option(help: "Skills as name:level, comma separated.") var skills = ""
        @Option(help: "Languages, comma separated.") var languages = "en"
        @Option(help: "Concurrent chats.") var chats: UInt32 = 2
        @Flag(help: "Senior agent (takes VIP customers).") var senior = false

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let parsed = try Router.skills(skills)
            let response = try await client.upsertAgent(.with {
                $0.agent = .with {
                    $0.tenantID = target.tenant
                    $0.agentID = agent
                    $0.displayName = name.isEmpty ? agent : name
                    $0.skills = parsed.map { skill in .with { $0.skill = skill.0; $0.level = max(1, skill.1) } }
                    $0.languages = languages.split(separator: ",").map(String.init)
                    $0.seniority = senior ? .senior : .intermediate
                    $0.capacities = [.with { $0.channel = .chat; $0.maxConcurrent = chats }]
                }
            })
            print("agent \(agent): \(response.created ? "created" : "updated")")
        }
    }

    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put an escalation in a queue.")
        @OptionGroup var target: Target
        @Option(help: "Escalation id (idempotency key).") var id: String
        @Option(help: "Category.") var category = ""
        @Option(help: "Required skills as name:level, comma separated.") var skills = ""
        @Option(help: "Language.") var language = "en"
        @Option(help: "Reason shown to the agent.") var reason = ""

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let parsed = try Router.skills(skills)
            let response = try await client.enqueue(.with {
                $0.escalation = .with {
                    $0.tenantID = target.tenant
                    $0.escalationID = id
                    $0.conversationID = "conversation-\(id)"
                    $0.category = category
                    $0.language = language
                    $0.channel = .chat
                    $0.customerTier = .standard
                    $0.urgency = .normal
                    $0.reason = reason
                    $0.requiredSkills = parsed.map { skill in .with { $0.skill = skill.0; $0.minLevel = skill.1 } }
                }
            })
            let estimate = response.waitEstimate
            print("escalation \(id): \(response.escalation?.state ?? .unspecified), position \(estimate?.position ?? 0)"
                  + (estimate?.estimatedWait.map { ", about \($0.seconds) s" } ?? "") + (response.alreadyExisted ? " (already there)" : ""))
        }
    }

    struct Desk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "desk", abstract: "Act as an agent: open the session, print events, accept offers, complete after a while.")
        @OptionGroup var target: Target
        @Option(help: "Agent id.") var agent: String
        @Option(help: "Seconds to work on an assignment before completing it.") var handleSeconds = 5.0
        @Flag(help: "Decline every offer instead of accepting.") var decline = false

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let tenant = target.tenant, agentID = agent, handle = handleSeconds, declines = decline
            try await client.agentSession(.with {
                $0.tenantID = tenant
                $0.agentID = agentID
                $0.goAvailable = true
            }) { events in
                for try await event in events {
                    switch event.event {
                    case .opened(let opened)?:
                        print("session open: \(opened.agent?.displayName ?? agentID), \(opened.assignments.count) assignments")
                    case .offer(let offer)?:
                        let escalation = offer.escalation
                        print("offer \(offer.offerID): \(escalation?.escalationID ?? "") [\(escalation?.category ?? "")] \(escalation?.reason ?? "")")
                        if declines {
                            _ = try await client.decline(.with { $0.tenantID = tenant; $0.agentID = agentID; $0.offerID = offer.offerID })
                            print("  declined")
                        } else {
                            _ = try await client.accept(.with { $0.tenantID = tenant; $0.agentID = agentID; $0.offerID = offer.offerID })
                        }
                    case .assignment(let assignment)?:
                        let id = assignment.escalation?.escalationID ?? ""
                        print("assigned \(id); completing in \(handle) s")
                        Task {
                            try await Task.sleep(for: .milliseconds(Int64(handle * 1000)))
                            _ = try await client.complete(.with {
                                $0.tenantID = tenant; $0.agentID = agentID; $0.escalationID = id; $0.outcome = .resolved
                            })
                            print("completed \(id)")
                        }
                    case .revocation(let revocation)?:
                        print("revoked \(revocation.escalationID): \(revocation.reason)")
                    case .keepalive(let keepalive)?:
                        print("keepalive: \(keepalive.activeAssignments) active, \(keepalive.waitingInQueues) waiting")
                    case nil:
                        break
                    }
                }
            }
        }
    }

    struct WatchQueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "watch-queue", abstract: "Print a tenant's queue statistics every few seconds.")
        @OptionGroup var target: Target
        @Option(help: "Queue id; all queues when omitted.") var queue = ""
        @Option(help: "Seconds between prints.") var interval = 2.0
        @Option(help: "Stop after this many prints (0: never).") var count = 0

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            var printed = 0
            while count == 0 || printed < count {
                let stats = try await client.queueStats(.with { $0.tenantID = target.tenant; $0.queueID = queue })
                for queue in stats.queues {
                    print("\(queue.queueID): waiting \(queue.waiting), offered \(queue.offered), assigned \(queue.assigned), "
                          + "agents available \(queue.agentsAvailable), longest wait \(queue.longestWait?.seconds ?? 0) s, "
                          + "completed today \(queue.completedToday)\(queue.isOpen ? "" : " (closed)")")
                }
                printed += 1
                if count == 0 || printed < count { try await Task.sleep(for: .milliseconds(Int64(interval * 1000))) }
            }
        }
    }
}
