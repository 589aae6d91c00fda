import API
import Foundation
import RPC
import Synchronization
import Wire

/// The router half of the demo: two agents open their desks, the escalated
/// conversations are enqueued, offered, accepted and completed, and the
/// queue's figures printed.
struct RouterDemo {
    let endpoints: Endpoints

    func run(tenant: String, escalations: [(id: String, title: String, language: String, skill: String, reason: String)]) async throws {
        let channel = try endpoints.channel("router", flag: nil)
        defer { channel.close() }
        let router = RouterV1.RouterClient(channel: channel)
        print("Routing the \(escalations.count) conversations that must reach a person:")
        _ = try await router.upsertQueue(.with {
            $0.queue = .with { $0.tenantID = tenant; $0.queueID = "default"; $0.offerTimeout = .with { $0.seconds = 10 } }
        })
        let agents: [(id: String, name: String, skills: [String], languages: [String])] = [
            ("ana", "Ana (billing, English and Spanish)", ["billing", "general"], ["en", "es"]),
            ("ben", "Ben (general, English)", ["general"], ["en"]),
        ]
        for agent in agents {
            _ = try await router.upsertAgent(.with {
                $0.agent = .with {
                    $0.tenantID = tenant
                    $0.agentID = agent.id
                    $0.displayName = agent.name
                    $0.skills = agent.skills.map { skill in .with { $0.skill = skill; $0.level = 5 } }
                    $0.languages = agent.languages
                    $0.seniority = .senior
                    $0.capacities = [.with { $0.channel = .chat; $0.maxConcurrent = 2 }]
                }
            })
        }
        let started = ContinuousClock.now
        let stamp: @Sendable () -> String = {
            let elapsed = ContinuousClock.now - started
            return String(format: "%6.3f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let completed = Completions()
        let desks = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for agent in agents {
                    group.addTask {
                        try await router.agentSession(.with { $0.tenantID = tenant; $0.agentID = agent.id; $0.goAvailable = true }) { events in
                            for try await event in events {
                                switch event.event {
                                case .offer(let offer)?:
                                    print("   \(stamp())  offer to \(agent.id): \(offer.escalation?.escalationID ?? "")")
                                    _ = try await router.accept(.with { $0.tenantID = tenant; $0.agentID = agent.id; $0.offerID = offer.offerID })
                                case .assignment(let assignment)?:
                                    let id = assignment.escalation?.escalationID ?? ""
                                    print("   \(stamp())  \(agent.id) accepted \(id); the customer is told an agent has joined")
                                    // Work on it while the desk takes further offers, up to the agent's capacity.
                                    Task {
                                        try await Task.sleep(for: .milliseconds(400))
                                        _ = try await router.complete(.with {
                                            $0.tenantID = tenant; $0.agentID = agent.id; $0.escalationID = id; $0.outcome = .resolved
                                        })
                                        print("   \(stamp())  \(agent.id) resolved \(id)")
                                        completed.count.withLock { $0 += 1 }
                                    }
                                default:
                                    break
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        defer { desks.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        for escalation in escalations {
            let response = try await router.enqueue(.with {
                $0.escalation = .with {
                    $0.tenantID = tenant
                    $0.escalationID = escalation.id
                    $0.conversationID = escalation.id
                    $0.category = escalation.skill
                    $0.language = escalation.language
                    $0.channel = .chat
                    $0.customerTier = .standard
                    $0.urgency = .high
                    $0.reason = escalation.reason
                    $0.requiredSkills = [.with { $0.skill = escalation.skill; $0.minLevel = 3 }]
                }
            })
            print("   \(stamp())  enqueued \(escalation.id) (\(escalation.title); needs \(escalation.skill), \(escalation.language)): position \(response.waitEstimate?.position ?? 0)")
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while completed.count.withLock({ $0 }) < escalations.count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let stats = try await router.queueStats(.with { $0.tenantID = tenant; $0.queueID = "default" })
        for queue in stats.queues {
            print("   queue \(queue.queueID): \(queue.completedToday) completed today, \(queue.waiting) waiting, \(queue.agentsAvailable) agents available")
        }
        print("   \(completed.count.withLock { $0 }) of \(escalations.count) escalations resolved by an agent\n")
        print("Router bad input is refused too:")
        let duplicateID = escalations.first?.id ?? "x"
        do {
            _ = try await router.accept(.with { $0.tenantID = tenant; $0.agentID = "nobody"; $0.offerID = UUID().uuidString })
            print("   accept by an unknown agent: accepted (unexpected)")
        } catch let error as RPCError {
            print("   accept by an unknown agent: \(error.code) \(error.message)")
        }
        do {
            _ = try await router.enqueue(.with {
                $0.escalation = .with { $0.tenantID = tenant; $0.escalationID = duplicateID; $0.conversationID = "other"; $0.language = "fr"; $0.channel = .chat }
            })
            print("   same escalation id, different request: accepted (unexpected)")
        } catch let error as RPCError {
            print("   same escalation id, different request: \(error.code) \(error.message)")
        }
        print("")
    }
}

/// Escalations the demo's agents resolved, counted across their desk tasks.
final class Completions: Sendable {
    let count = Mutex(0)
}
