public import Foundation

/// A tenant's local time and business hours, for the policy's `time` input.
public struct TenantClock: Sendable, Equatable {
    /// The tenant's time zone.
    public var timeZone: TimeZone
    /// First business hour (inclusive), 0 to 23.
    public var openingHour: Int
    /// Last business hour (exclusive), 1 to 24.
    public var closingHour: Int
    /// Business days, 1 = Monday to 7 = Sunday.
    public var businessDays: Set<Int>

    /// A clock; by default UTC, 9:00 to 17:00, Monday to Friday.
    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, openingHour: Int = 9, closingHour: Int = 17,
                businessDays: Set<Int> = [1, 2, 3, 4, 5]) {
        self.timeZone = timeZone
        self.openingHour = openingHour
        self.closingHour = closingHour
        self.businessDays = businessDays
    }

    /// The policy's `time` input at `now`.
    public func time(at now: Date) -> PolicyInput.Time {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let hour = calendar.component(.hour, from: now)
        // Foundation counts Sunday as 1; policies count Monday as 1.
        let weekday = (calendar.component(.weekday, from: now) + 5) % 7 + 1
        var time = PolicyInput.Time()
        time.now = now
        time.localHour = hour
        time.localWeekday = weekday
        time.businessHours = businessDays.contains(weekday) && hour >= openingHour && hour < closingHour
        return time
    }
}
