public import Foundation

/// A tenant's usual number of conversations per intent, counted over the
/// `period` before a spike window, kept so that a scheduled scan every few
/// seconds does not count a week of evaluations each time.
///
/// Recounted once the spike window has moved `lifetime` past the one it
/// was counted for: by then the counted stretch has slid by 1/168 of a
/// week, a change the spike ratio does not notice.
public struct IntentBaseline: Sendable, Equatable {
    /// How long a count serves, measured along the spike window's start.
    public static let lifetime: TimeInterval = 3_600

    /// The start of the spike window the count was taken for: it covers the `period` before it.
    public var spikeStart: Date
    /// The length of that spike window.
    public var windowLength: TimeInterval
    /// The stretch counted, ending at `spikeStart`.
    public var period: TimeInterval
    /// Conversations per intent in that stretch.
    public var conversations: [String: Int]

    /// A count of `conversations` over the `period` before `spikeStart`.
    public init(spikeStart: Date, windowLength: TimeInterval, period: TimeInterval, conversations: [String: Int]) {
        self.spikeStart = spikeStart
        self.windowLength = windowLength
        self.period = period
        self.conversations = conversations
    }

    /// Whether this count still stands for a spike window of `windowLength`
    /// starting at `start`: the same length, starting no earlier and less than
    /// `lifetime` later.
    public func serves(spikeStart start: Date, windowLength length: TimeInterval) -> Bool {
        length == windowLength && start >= spikeStart && start.timeIntervalSince(spikeStart) < Self.lifetime
    }

    /// The usual count per spike window, per intent: what
    /// ``ProactiveRules/intentSpikes(observed:baseline:window:settings:)`` takes.
    public var perWindow: [String: Double] {
        conversations.mapValues { Double($0) / (period / windowLength) }
    }
}
