import Foundation
import PlannerCore
import ServiceKit

/// The planner's own settings, from `BATON_PLANNER_*` variables.
struct PlannerSettings: Sendable {
    /// Longest wait for signals before the policy's fail-safe decides.
    var signalsTimeout: Duration = .milliseconds(800)
    /// Longest wait for one connector call.
    var connectorTimeout: Duration = .seconds(2)
    /// Longest wait for the router, baton-handoff or the audit log during a
    /// turn before the work is left to the background.
    var peerTimeout: Duration = .seconds(1)
    /// Longest wait for an audit append during a turn.
    var auditTimeout: Duration = .milliseconds(500)
    /// What the steps before a decision is stored (signals, look-ups, the
    /// action) leave of the caller's deadline, so that a slow peer still
    /// gets the caller a decided answer in time; the work after storing
    /// leaves a fifth of it, to send the answer.
    var answerReserve: Duration = .milliseconds(200)
    /// Whether a turn's answer waits for its audit append, to carry the
    /// sequence (false: the append runs after the answer; the record is
    /// committed with the turn either way).
    var auditSequenceInAnswer = true
    /// A turn taking at least this long is logged with the time of each of
    /// its phases (``TurnPhases``), as a warning.
    var slowTurn: Duration = .milliseconds(250)
    /// The tenants' clock (one for all tenants for now).
    var clock = TenantClock()

    /// Settings from `environment`.
    static func load(_ environment: [String: String]) throws(ConfigurationError) -> PlannerSettings {
        var settings = PlannerSettings()
        settings.signalsTimeout = try milliseconds(environment, "BATON_PLANNER_SIGNALS_TIMEOUT_MS", settings.signalsTimeout)
        settings.connectorTimeout = try milliseconds(environment, "BATON_PLANNER_CONNECTOR_TIMEOUT_MS", settings.connectorTimeout)
        settings.peerTimeout = try milliseconds(environment, "BATON_PLANNER_PEER_TIMEOUT_MS", settings.peerTimeout)
        settings.auditTimeout = try milliseconds(environment, "BATON_PLANNER_AUDIT_TIMEOUT_MS", settings.auditTimeout)
        settings.answerReserve = try milliseconds(environment, "BATON_PLANNER_ANSWER_RESERVE_MS", settings.answerReserve)
        settings.slowTurn = try milliseconds(environment, "BATON_PLANNER_SLOW_TURN_MS", settings.slowTurn)
        switch environment["BATON_PLANNER_AUDIT_SEQUENCE"] ?? "" {
        case "", "answer": settings.auditSequenceInAnswer = true
        case "stored": settings.auditSequenceInAnswer = false
        case let other:
            throw ConfigurationError(setting: "BATON_PLANNER_AUDIT_SEQUENCE", value: other,
                                     reason: "expected answer (the outcome carries it) or stored (a retried turn gets it)")
        }
        if let zone = environment["BATON_PLANNER_TIMEZONE"], !zone.isEmpty {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw ConfigurationError(setting: "BATON_PLANNER_TIMEZONE", value: zone, reason: "not a time zone identifier")
            }
            settings.clock.timeZone = timeZone
        }
        if let hours = environment["BATON_PLANNER_BUSINESS_HOURS"], !hours.isEmpty {
            let parts = hours.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, (0...23).contains(parts[0]), (1...24).contains(parts[1]), parts[0] < parts[1] else {
                throw ConfigurationError(setting: "BATON_PLANNER_BUSINESS_HOURS", value: hours, reason: "expected OPEN-CLOSE hours, such as 9-17")
            }
            settings.clock.openingHour = parts[0]
            settings.clock.closingHour = parts[1]
        }
        return settings
    }

    static func milliseconds(_ environment: [String: String], _ name: String, _ fallback: Duration) throws(ConfigurationError) -> Duration {
        guard let text = environment[name], !text.isEmpty else { return fallback }
        guard let value = Int(text), value > 0, value <= 600_000 else {
            throw ConfigurationError(setting: name, value: text, reason: "expected milliseconds between 1 and 600000")
        }
        return .milliseconds(value)
    }
}
