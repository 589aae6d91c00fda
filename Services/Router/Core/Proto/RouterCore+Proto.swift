public import Foundation
public import Wire

// Conversions between the domain enums and the generated ones. Domain raw
// values are the wire values, so each conversion only decides what the
// unset value means (the proto's documented default, or nil where the proto
// rejects it) and refuses values this build does not know.

extension Urgency {
    /// The urgency of `proto`; unset means `.normal`, unknown values nil.
    public init?(proto: CommonV1.Urgency) {
        self.init(rawValue: proto == .unspecified ? Urgency.normal.rawValue : Int(proto.rawValue))
    }

    /// The generated value.
    public var proto: CommonV1.Urgency { CommonV1.Urgency(rawValue: Int32(rawValue)) }
}

extension CustomerTier {
    /// The tier of `proto`; unset means `.standard`, unknown values nil.
    public init?(proto: CommonV1.CustomerTier) {
        self.init(rawValue: proto == .unspecified ? CustomerTier.standard.rawValue : Int(proto.rawValue))
    }

    /// The generated value.
    public var proto: CommonV1.CustomerTier { CommonV1.CustomerTier(rawValue: Int32(rawValue)) }
}

extension Seniority {
    /// The seniority of `proto`; unset means `.junior`, unknown values nil.
    public init?(proto: RouterV1.Seniority) {
        self.init(rawValue: proto == .unspecified ? Seniority.junior.rawValue : Int(proto.rawValue))
    }

    /// The generated value.
    public var proto: RouterV1.Seniority { RouterV1.Seniority(rawValue: Int32(rawValue)) }
}

extension Presence {
    /// The presence of `proto`; nil when unset or unknown (rejected).
    public init?(proto: RouterV1.AgentPresence) {
        self.init(rawValue: Int(proto.rawValue))
    }

    /// The generated value.
    public var proto: RouterV1.AgentPresence { RouterV1.AgentPresence(rawValue: Int32(rawValue)) }
}

extension Channel {
    /// The channel of `proto`; nil when unset or unknown.
    public init?(proto: CommonV1.Channel) {
        self.init(rawValue: Int(proto.rawValue))
    }

    /// The generated value.
    public var proto: CommonV1.Channel { CommonV1.Channel(rawValue: Int32(rawValue)) }
}

extension Weekday {
    /// The day of `proto`; nil when unset or unknown (rejected).
    public init?(proto: RouterV1.DayOfWeek) {
        self.init(rawValue: Int(proto.rawValue))
    }

    /// The generated value.
    public var proto: RouterV1.DayOfWeek { RouterV1.DayOfWeek(rawValue: Int32(rawValue)) }
}

extension Duration {
    /// The length of a `google.protobuf.Duration`.
    public init(proto: GoogleProtobuf.Duration) {
        self = .seconds(proto.seconds) + .nanoseconds(Int64(proto.nanos))
    }

    /// The `google.protobuf.Duration` of this length, to the nanosecond
    /// (rounded towards zero).
    public var proto: GoogleProtobuf.Duration {
        let (seconds, attoseconds) = components
        return .with {
            $0.seconds = seconds
            $0.nanos = Int32(attoseconds / 1_000_000_000)
        }
    }
}

extension Date {
    /// The instant of a `google.protobuf.Timestamp`.
    public init(proto: GoogleProtobuf.Timestamp) {
        self.init(timeIntervalSince1970: Double(proto.seconds) + Double(proto.nanos) / 1e9)
    }

    /// The `google.protobuf.Timestamp` of this instant, to the microsecond
    /// (what `Date` and Postgres hold).
    public var proto: GoogleProtobuf.Timestamp {
        let microseconds = Int64((timeIntervalSince1970 * 1e6).rounded())
        let (seconds, remainder) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let borrow = remainder < 0 ? 1 : 0
        return .with {
            $0.seconds = seconds - Int64(borrow)
            $0.nanos = Int32((remainder + Int64(borrow) * 1_000_000) * 1000)
        }
    }
}
