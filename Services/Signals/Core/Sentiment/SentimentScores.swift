/// The four VADER scores of one text, rounded the way vaderSentiment 3.3.2
/// rounds them (`compound` to 4 decimals, the proportions to 3, both with
/// Python's correctly rounded `round`).
public struct SentimentScores: Sendable, Hashable {
    /// The normalised, weighted sum of the word valences, in -1...1
    /// (-1 most negative, +1 most positive). VADER's suggested thresholds:
    /// >= 0.05 positive, <= -0.05 negative, neutral in between.
    public var compound: Double
    /// The proportion of the text's sentiment mass that is positive, in 0...1.
    public var positive: Double
    /// The proportion of the text's tokens that carry no sentiment, in 0...1.
    public var neutral: Double
    /// The proportion of the text's sentiment mass that is negative, in 0...1.
    public var negative: Double

    /// Creates scores from their four values.
    public init(compound: Double, positive: Double, neutral: Double, negative: Double) {
        self.compound = compound
        self.positive = positive
        self.neutral = neutral
        self.negative = negative
    }

    /// The scores of a text without tokens (empty or only whitespace): all zero.
    public static let zero = SentimentScores(compound: 0, positive: 0, neutral: 0, negative: 0)
}
