import Foundation
import Wire

/// Estimates the wait of a queued escalation from its position, the
/// staffing and recent handle times.
///
/// Handle time: an exponentially weighted moving average of the recent
/// handle times given oldest first, `mean = s * newest + (1 - s) * mean`
/// seeded with the oldest, so the estimate follows a shift within a few
/// completions; `defaultHandleTime` when there is no history.
///
/// Wait: with S staffed slots of which F are free, the first F escalations
/// in line are served at once. Escalation at position k needs n = k - F
/// slots to free up. Modelling handle times as exponential with the mean
/// above, S busy slots free up as a Poisson process of rate S / mean, so the
/// wait is Erlang(n, S / mean) distributed: expected n * mean / S, and the
/// upper bound is its 90th percentile. No staffed slots: no estimate.
///
/// Confidence: recent handle times / `fullConfidenceSamples`, at most 1.
public struct WaitEstimator: Sendable, Hashable {
    /// Weight of the newest handle time in the moving average, in (0, 1].
    public var smoothing: Double
    /// Handle time assumed when there is no history.
    public var defaultHandleTime: Duration
    /// Number of recent handle times that gives full confidence.
    public var fullConfidenceSamples: Int

    /// An estimator; by default weight 0.2, six minutes without history,
    /// full confidence from twenty handle times.
    public init(smoothing: Double = 0.2, defaultHandleTime: Duration = .seconds(360), fullConfidenceSamples: Int = 20) {
        self.smoothing = smoothing
        self.defaultHandleTime = defaultHandleTime
        self.fullConfidenceSamples = fullConfidenceSamples
    }

    /// The moving average of `recentHandleTimes` (oldest first).
    public func meanHandleTime(_ recentHandleTimes: [Duration]) -> Duration {
        guard var mean = recentHandleTimes.first?.timeInterval else { return defaultHandleTime }
        for handleTime in recentHandleTimes.dropFirst() {
            mean = smoothing * handleTime.timeInterval + (1 - smoothing) * mean
        }
        return .seconds(mean)
    }

    /// The estimate for the escalation at one-based `position`.
    public func estimate(position: Int, staffing: Staffing, recentHandleTimes: [Duration]) -> WaitEstimate {
        let confidence = min(1, Double(recentHandleTimes.count) / Double(max(1, fullConfidenceSamples)))
        guard staffing.slots > 0 else {
            return WaitEstimate(position: position, expected: nil, upperBound: nil, confidence: 0)
        }
        let slotsToFree = max(0, position - max(0, staffing.freeSlots))
        let secondsPerFreedSlot = meanHandleTime(recentHandleTimes).timeInterval / Double(staffing.slots)
        return WaitEstimate(
            position: position,
            expected: .seconds(Double(slotsToFree) * secondsPerFreedSlot),
            upperBound: .seconds(Self.erlangQuantile(shape: slotsToFree, probability: 0.9) * secondsPerFreedSlot),
            confidence: confidence
        )
    }

    /// The `probability` quantile of Erlang(`shape`, rate 1): the x where
    /// P(Poisson(x) <= shape - 1) = 1 - probability, by bisection.
    static func erlangQuantile(shape: Int, probability: Double) -> Double {
        guard shape > 0 else { return 0 }
        var low = 0.0
        var high = Double(shape) + 10 * Double(shape).squareRoot() + 10
        // Bisection to a relative precision far below a second of any wait.
        while high - low > 1e-9 * high {
            let middle = (low + high) / 2
            if poissonCDF(atMost: shape - 1, mean: middle) > 1 - probability { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(Poisson(`mean`) <= `count`): the terms relative to the largest one
    /// (at the mode, or at `count` below it), walked out from there by their
    /// ratio `mean / k`, so that large means neither underflow nor cost a
    /// logarithm per term.
    static func poissonCDF(atMost count: Int, mean: Double) -> Double {
        guard mean > 0 else { return 1 }
        guard count >= 0 else { return 0 }
        let peak = min(count, Int(mean))
        var sum = 1.0
        var term = 1.0
        var k = peak
        while k > 0 {
            term *= Double(k) / mean
            sum += term
            if term < 1e-17 * sum { break }
            k -= 1
        }
        term = 1.0
        k = peak
        while k < count {
            k += 1
            term *= mean / Double(k)
            sum += term
            if term < 1e-17 * sum { break }
        }
        let logPeak = Double(peak) * log(mean) - mean - lgamma(Double(peak) + 1)
        return min(1, exp(logPeak + log(sum)))
    }
}
