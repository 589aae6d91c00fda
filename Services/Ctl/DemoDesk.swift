import API
import Foundation
import RPC
import Synchronization
import Wire

/// The demo's agent desk: agents open their sessions on baton-router and
/// accept every offer; the demo then completes each escalation itself
/// (resolved, or handed back to the bot) once it sees it assigned.
final class DemoDesk: Sendable {
    /// The tenant's administrator: queues and agents.
    let admin: RouterV1.RouterClient
    /// Each agent's own client (through the gateway, with the agent's key).
    let agentClients: [String: RouterV1.RouterClient]
    let tenant: String
    /// Escalation id → the agent it is assigned to.
    let assigned = Mutex<[String: String]>([:])
    let sessions = Mutex<Task<Void, Never>?>(nil)

    static let agents: [(id: String, name: String, skills: [String], languages: [String])] = [
        ("ana", "Ana (billing, English and Spanish)", ["billing", "general", "approvals"], ["en", "es"]),
        ("ben", "Ben (general, English and French)", ["general", "approvals"], ["en", "fr"]),
    ]

    init(admin: RouterV1.RouterClient, agents: [String: RouterV1.RouterClient], tenant: String) {
        self.admin = admin
        self.agentClients = agents
        self.tenant = tenant
    }

    /// Creates the tenant's queue and agents and opens their sessions.
    func open() async throws {
        // The queues the retail policy names: default, specialist (legal, security), safety.
        for queue in ["default", "specialist", "safety"] {
            _ = try await admin.upsertQueue(.with {
                $0.queue = .with { $0.tenantID = tenant; $0.queueID = queue; $0.offerTimeout = .with { $0.seconds = 10 } }
            })
        }
        for agent in Self.agents {
            _ = try await admin.upsertAgent(.with {
                $0.agent = .with {
                    $0.tenantID = tenant
                    $0.agentID = agent.id
                    $0.displayName = agent.name
                    $0.skills = agent.skills.map { skill in .with { $0.skill = skill; $0.level = 5 } }
                    $0.languages = agent.languages
                    $0.seniority = .senior
                    $0.capacities = [.with { $0.channel = .chat; $0.maxConcurrent = 4 }]
                }
            })
        }
        let task = Task { [self] in
            await withTaskGroup(of: Void.self) { group in
                for agent in Self.agents {
                    group.addTask { await self.work(as: agent.id) }
                }
            }
        }
        sessions.withLock { $0 = task }
    }

    /// One agent's session: accepts every offer, records every assignment.
    private func work(as agentID: String) async {
        let tenant = self.tenant
        guard let router = agentClients[agentID] else { return }
        try? await router.agentSession(.with { $0.tenantID = tenant; $0.agentID = agentID; $0.goAvailable = true }) { events in
            for try await event in events {
                switch event.event {
                case .offer(let offer)?:
                    _ = try? await router.accept(.with { $0.tenantID = tenant; $0.agentID = agentID; $0.offerID = offer.offerID })
                case .assignment(let assignment)?:
                    let id = assignment.escalation?.escalationID ?? ""
                    self.assigned.withLock { $0[id] = agentID }
                default:
                    break
                }
            }
        }
    }

    /// The agent an escalation is assigned to, waiting up to `timeout`.
    func agent(for escalationID: String, timeout: Duration = .seconds(15)) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let agent = assigned.withLock({ $0[escalationID] }) { return agent }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Completes an escalation as its agent.
    func complete(_ escalationID: String, agent: String, outcome: RouterV1.CompletionOutcome, notes: String) async throws {
        guard let router = agentClients[agent] else { return }
        _ = try await router.complete(.with {
            $0.tenantID = tenant
            $0.agentID = agent
            $0.escalationID = escalationID
            $0.outcome = outcome
            $0.notes = notes
        })
    }

    /// Closes the agents' sessions.
    func close() {
        sessions.withLock { $0?.cancel() }
    }
}
