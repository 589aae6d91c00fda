#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension GoogleProtobuf.Timestamp {
    /// The instant `date`, to the nanosecond.
    public init(date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        self.init()
        self.seconds = Int64(seconds)
        self.nanos = Int32(min(999_999_999, ((date.timeIntervalSince1970 - seconds) * 1e9).rounded()))
    }

    /// The instant as a `Date`.
    public var date: Date {
        Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9)
    }
}

extension GoogleProtobuf.Duration {
    /// A duration of `interval` seconds (negative allowed), to the nanosecond.
    public init(timeInterval interval: TimeInterval) {
        let seconds = interval.rounded(.towardZero)
        self.init()
        self.seconds = Int64(seconds)
        self.nanos = Int32(((interval - seconds) * 1e9).rounded())
    }

    /// The duration in seconds.
    public var timeInterval: TimeInterval {
        Double(seconds) + Double(nanos) / 1e9
    }
}

extension Duration {
    /// The length in seconds as a `TimeInterval` (for `Date` arithmetic).
    public var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
