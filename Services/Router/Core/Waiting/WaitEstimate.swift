/// Estimated wait of one queued escalation.
public struct WaitEstimate: Sendable, Hashable {
    /// One-based position in the queue; 1 is next.
    public var position: Int
    /// Expected wait until an agent is free for it; nil when nobody staffs
    /// the queue (no estimate: closed, or everyone away).
    public var expected: Duration?
    /// Wait that is not exceeded nine times out of ten under the model;
    /// nil with `expected`.
    public var upperBound: Duration?
    /// Confidence in [0, 1]: grows with the number of recent handle times.
    public var confidence: Double

    /// An estimate.
    public init(position: Int, expected: Duration?, upperBound: Duration?, confidence: Double) {
        self.position = position
        self.expected = expected
        self.upperBound = upperBound
        self.confidence = confidence
    }
}
