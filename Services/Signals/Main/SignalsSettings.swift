import ServiceKit

/// baton-signals' own settings, read beside `ServiceConfiguration`:
/// - `BATON_SIGNALS_RETENTION_DAYS`: how long a conversation idle since its
///   last evaluation is remembered (its evaluations, messages and events),
///   and an event without a conversation kept. Default 30; at least 8, so
///   that the customer history and the proactive scan's week (the
///   intent baseline, negative contacts) always have their 7 days.
struct SignalsSettings: Sendable {
    /// Days a conversation idle since its last evaluation is remembered.
    let retentionDays: Int

    /// The days the retention setting allows.
    static let retentionDaysAllowed = 8...3_650

    static func load(_ environment: [String: String]) throws(ConfigurationError) -> SignalsSettings {
        let text = environment["BATON_SIGNALS_RETENTION_DAYS"] ?? "30"
        guard let days = Int(text), retentionDaysAllowed.contains(days) else {
            throw ConfigurationError(setting: "BATON_SIGNALS_RETENTION_DAYS", value: text,
                                     reason: "whole days, \(retentionDaysAllowed.lowerBound) to \(retentionDaysAllowed.upperBound)")
        }
        return SignalsSettings(retentionDays: days)
    }
}
