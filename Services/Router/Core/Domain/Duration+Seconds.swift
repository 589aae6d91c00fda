public import Foundation
import Wire

// Conversions between Swift's `Duration` (the public API) and Foundation's
// seconds (what `Date` computes in).
extension Duration {
    /// The length in whole milliseconds, rounded down.
    public var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// The length of `interval` seconds.
    public init(timeInterval interval: TimeInterval) {
        self = .seconds(interval)
    }
}

extension Date {
    /// The instant `duration` after this one.
    public func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.timeInterval)
    }

    /// Time from `earlier` to this instant; zero when `earlier` is later.
    public func duration(since earlier: Date) -> Duration {
        Duration(timeInterval: max(0, timeIntervalSince(earlier)))
    }

    /// Milliseconds since 1970, rounded down, so that every replica derives
    /// the same integer from the same stored time.
    public var wholeMillisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }
}
