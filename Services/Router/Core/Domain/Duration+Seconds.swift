import Foundation

// Conversions between Swift's `Duration` (the public API) and Foundation's
// seconds (what `Date` computes in).
extension Duration {
    /// The length in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The length in whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// The length of `interval` seconds.
    init(timeInterval interval: TimeInterval) {
        self = .seconds(interval)
    }
}

extension Date {
    /// The instant `duration` after this one.
    func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.seconds)
    }

    /// Time from `earlier` to this instant; zero when `earlier` is later.
    func duration(since earlier: Date) -> Duration {
        Duration(timeInterval: max(0, timeIntervalSince(earlier)))
    }

    /// Milliseconds since 1970, rounded down, so that every replica derives
    /// the same integer from the same stored time.
    var wholeMillisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }
}
