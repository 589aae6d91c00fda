public import Foundation
import Wire

/// A calendar month in UTC: the period a sealing key covers. An entry's
/// details are sealed under its owner's key for the month of its
/// `record_time`, so retention deletes whole months of keys and a reader
/// finds the key from fields of the leaf alone.
public struct SealingPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, such as 2026.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int

    /// The month `year`-`month` (`month` 1 to 12).
    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "a month is 1 to 12")
        self.year = year
        self.month = month
    }

    /// The month (UTC) that holds `date`.
    public init(containing date: Date) {
        let civil = JSONWellKnown.civil(fromDays: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
        self.init(year: civil.year, month: civil.month)
    }

    /// The month whose first day is `text` ("YYYY-MM-01", as Postgres prints a `date`); nil for anything else.
    public init?(firstDay text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "01", parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...12).contains(month) else { return nil }
        self.init(year: year, month: month)
    }

    /// Midnight UTC of its first day.
    public var start: Date {
        Date(timeIntervalSince1970: TimeInterval(JSONWellKnown.days(fromCivil: year, month, 1)) * 86_400)
    }

    /// Midnight UTC of the next month's first day: the first instant not in it.
    public var end: Date { next.start }

    /// The month after it.
    public var next: SealingPeriod {
        month == 12 ? SealingPeriod(year: year + 1, month: 1) : SealingPeriod(year: year, month: month + 1)
    }

    /// The month before it.
    public var previous: SealingPeriod {
        month == 1 ? SealingPeriod(year: year - 1, month: 12) : SealingPeriod(year: year, month: month - 1)
    }

    /// "YYYY-MM-01": the `date` the store keeps it as.
    public var firstDay: String { "\(description)-01" }

    /// "YYYY-MM": how a key's wrapping names it.
    public var description: String {
        let paddedYear = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(paddedYear)-\(month < 10 ? "0" : "")\(month)"
    }

    /// Ordered by time.
    public static func < (lhs: SealingPeriod, rhs: SealingPeriod) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
