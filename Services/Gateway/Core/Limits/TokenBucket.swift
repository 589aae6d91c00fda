/// A token bucket: `burst` tokens at most, refilled at `ratePerSecond`. Each
/// call takes one token; an empty bucket answers how long until the next.
public struct TokenBucket: Sendable, Hashable {
    /// The most tokens held: the burst a quiet caller may send at once.
    public let burst: Double
    /// Tokens added per second: the sustained rate.
    public let ratePerSecond: Double
    private(set) var tokens: Double
    private(set) var updatedAt: Double

    /// A full bucket at time `now` (seconds on any monotonic clock).
    public init(burst: Double, ratePerSecond: Double, now: Double) {
        self.burst = burst
        self.ratePerSecond = ratePerSecond
        self.tokens = burst
        self.updatedAt = now
    }

    /// Takes a token at `now`: nil when granted, else the seconds until one is available.
    public mutating func take(now: Double) -> Double? {
        if now > updatedAt {
            tokens = min(burst, tokens + (now - updatedAt) * ratePerSecond)
            updatedAt = now
        }
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return ratePerSecond > 0 ? (1 - tokens) / ratePerSecond : .infinity
    }

    /// Whether the bucket is full at `now` (an idle caller's bucket can be dropped).
    public func isFull(now: Double) -> Bool {
        tokens + max(0, now - updatedAt) * ratePerSecond >= burst
    }

    /// Gives one token back (capped at the burst): the call it was taken for was not made.
    public mutating func refund() {
        tokens = min(burst, tokens + 1)
    }
}
