public import Foundation

/// When API keys were last used, gathered in memory and written in one
/// statement every ``flushEvery`` (never one write per call): the listing's
/// last-used time is true to within that interval.
public struct KeyUsage: Sendable {
    /// How often the gathered times are written.
    public let flushEvery: Duration
    /// The latest use of each key since the last write.
    public private(set) var pending: [String: Date] = [:]
    private var lastFlush: ContinuousClock.Instant?

    /// Creates an empty log.
    public init(flushEvery: Duration = .seconds(10)) {
        self.flushEvery = flushEvery
    }

    /// Key `prefix` was accepted at `time`.
    public mutating func record(_ prefix: String, at time: Date) {
        if let earlier = pending[prefix], earlier >= time { return }
        pending[prefix] = time
    }

    /// The times to write at `now`, taken out of the log: empty when the
    /// last write was less than ``flushEvery`` ago or nothing was used.
    public mutating func takeDue(now: ContinuousClock.Instant) -> [String: Date] {
        if let lastFlush, now - lastFlush < flushEvery { return [:] }
        lastFlush = now
        defer { pending.removeAll(keepingCapacity: true) }
        return pending
    }

    /// A write failed: its times go back, to be written with the next ones.
    public mutating func restore(_ batch: [String: Date]) {
        for (prefix, time) in batch { record(prefix, at: time) }
    }
}
