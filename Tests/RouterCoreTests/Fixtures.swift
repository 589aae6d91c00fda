import Foundation
import RouterCore

/// Instants, agents and escalations the tables build on.
enum Fixture {
    /// The instant of an ISO 8601 UTC timestamp such as "2026-03-02T10:00:00Z".
    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    /// A Monday morning: 10:00 UTC, 11:00 in Berlin, 05:00 in New York.
    static let now = utc("2026-03-02T10:00:00Z")

    /// `now` shifted by `seconds`.
    static func at(_ seconds: Int) -> Date {
        now.addingTimeInterval(TimeInterval(seconds))
    }

    /// Berlin's zone.
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    /// New York's zone.
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// Monday to Friday, from `start` to `end` o'clock.
    static func weekdays(from start: Int, to end: Int) -> [WeeklyInterval] {
        [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
            WeeklyInterval(day: $0, fromHour: start, toHour: end)
        }
    }

    /// An English-speaking billing agent with two chat and two email slots.
    static func agent(
        _ id: String,
        skills: [String: Int] = ["billing": 5],
        languages: [String] = ["en"],
        seniority: Seniority = .intermediate,
        capacities: [Channel: Int] = [.chat: 2, .email: 2],
        maxTotalConcurrent: Int = 0,
        schedule: WeeklySchedule? = nil,
        queueIDs: Set<String> = [],
        onCall: Bool = false
    ) -> Agent {
        Agent(id: id, skills: skills.map { AgentSkill(skill: $0.key, level: $0.value) }, languages: languages,
              seniority: seniority, capacities: capacities, maxTotalConcurrent: maxTotalConcurrent,
              schedule: schedule, queueIDs: queueIDs, onCall: onCall)
    }

    /// `agent` with a live state: available, connected, idle for
    /// `idleMinutes` at `now`.
    static func candidate(
        _ agent: Agent,
        presence: Presence = .available,
        connected: Bool = true,
        load: [Channel: Int] = [:],
        idleMinutes: Int = 10
    ) -> AgentCandidate {
        AgentCandidate(agent: agent, status: AgentStatus(presence: presence, connected: connected, load: load,
                                                         idleSince: at(-60 * idleMinutes)))
    }

    /// An English chat escalation in queue "billing" needing billing 4,
    /// enqueued at `now`.
    static func escalation(
        _ id: String = "e1",
        required: [SkillRequirement] = [SkillRequirement(skill: "billing", minLevel: 4)],
        optional: [SkillRequirement] = [],
        language: String = "en",
        tier: CustomerTier = .standard,
        urgency: Urgency = .normal,
        channel: Channel = .chat,
        category: String = "billing.refund",
        previousAgentID: String? = nil,
        priorWait: Duration = .zero,
        enqueueTime: Date = now,
        excluded: Set<String> = []
    ) -> Escalation {
        Escalation(id: id, queueID: "billing", category: category, requiredSkills: required, optionalSkills: optional,
                   language: language, tier: tier, urgency: urgency, channel: channel,
                   previousAgentID: previousAgentID, priorWait: priorWait, enqueueTime: enqueueTime,
                   excludedAgentIDs: excluded)
    }

    /// The unwidened requirements of `escalation` in queue "billing".
    static func requirements(
        _ escalation: Escalation,
        queueIDs: [String] = ["billing"],
        vipNeedsSenior: Bool = true,
        prefersPreviousAgent: Bool = true
    ) -> MatchRequirements {
        MatchRequirements(skills: escalation.requiredSkills, queueIDs: queueIDs, vipNeedsSenior: vipNeedsSenior,
                          prefersPreviousAgent: prefersPreviousAgent)
    }
}
