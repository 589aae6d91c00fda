public import Foundation

/// Which months of sealing keys a tenant's retention lets go: a month is
/// past retention once it ended more than the retention ago. Plain
/// functions of the retention and `now`; the retention job deletes the keys
/// of every month before ``firstKept(retention:now:)``.
public enum RetentionRule {
    /// The shortest retention a tenant can set: one day.
    public static let minimumSeconds: Int64 = 86_400
    /// The longest: 36,500 days.
    public static let maximumSeconds: Int64 = 36_500 * 86_400

    /// Whether `period` ended more than `retention` seconds before `now`.
    public static func isPast(_ period: SealingPeriod, retention: Int64, now: Date) -> Bool {
        period.end < now.addingTimeInterval(-TimeInterval(retention))
    }

    /// The earliest month not past `retention` seconds at `now`: every
    /// month before it is past, it and every later one are not.
    public static func firstKept(retention: Int64, now: Date) -> SealingPeriod {
        let horizon = now.addingTimeInterval(-TimeInterval(retention))
        let holding = SealingPeriod(containing: horizon)
        // The month before ended exactly at the horizon when it is the first instant of a month: not more than the retention ago.
        return holding.start == horizon ? holding.previous : holding
    }

    /// The seconds of a retention written as a count and a unit, "90d",
    /// "36h" or "3600s"; nil for anything else.
    public static func seconds(parsing text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count >= 0 else { return nil }
        let scale: Int64
        switch unit {
        case "d": scale = 86_400
        case "h": scale = 3_600
        case "s": scale = 1
        default: return nil
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: scale)
        return overflow ? nil : seconds
    }

    /// The text a RETENTION_CHANGED entry records for a retention: "<seconds>s", or "forever" for none.
    public static func text(_ retention: Int64?) -> String {
        retention.map { "\($0)s" } ?? "forever"
    }
}
