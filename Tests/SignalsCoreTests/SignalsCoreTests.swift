import SignalsCore
import Testing

/// Hand-picked VADER cases: the examples of vaderSentiment 3.3.2's README and
/// demo, plus edge cases of its tokenizer. The expected values were produced
/// by the reference implementation (PyPI vadersentiment 3.3.2, Python 3.11):
/// `SentimentIntensityAnalyzer().polarity_scores(text)`.
@Suite("VADER examples")
struct VaderExampleTests {
    /// text, compound, pos, neu, neg
    static let cases: [(String, Double, Double, Double, Double)] = [
        // README: the basics.
        ("VADER is smart, handsome, and funny.", 0.8316, 0.746, 0.254, 0.0),
        ("VADER is smart, handsome, and funny!", 0.8439, 0.752, 0.248, 0.0),
        ("VADER is very smart, handsome, and funny.", 0.8545, 0.701, 0.299, 0.0),
        ("VADER is VERY SMART, handsome, and FUNNY.", 0.9227, 0.754, 0.246, 0.0),
        ("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342, 0.767, 0.233, 0.0),
        ("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469, 0.706, 0.294, 0.0),
        ("VADER is not smart, handsome, nor funny.", -0.7424, 0.0, 0.354, 0.646),
        ("The book was good.", 0.4404, 0.492, 0.508, 0.0),
        ("At least it isn't a horrible book.", 0.431, 0.322, 0.678, 0.0),
        ("The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0),
        ("The plot was good, but the characters are uncompelling and the dialog is not great.",
         -0.7042, 0.094, 0.579, 0.327),
        ("Today SUX!", -0.5461, 0.0, 0.221, 0.779),
        ("Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127),
        ("Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0),
        ("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875, 0.417, 0.583, 0.0),
        ("Not bad at all", 0.431, 0.487, 0.513, 0.0),
        // README: tricky sentences.
        ("Sentiment analysis has never been good.", -0.3412, 0.0, 0.675, 0.325),
        ("Sentiment analysis has never been this good!", 0.5672, 0.379, 0.621, 0.0),
        ("Most automated sentiment analysis tools are shit.", -0.5574, 0.0, 0.625, 0.375),
        ("With VADER, sentiment analysis is the shit!", 0.6476, 0.417, 0.583, 0.0),
        ("Other sentiment analysis tools can be quite bad.", -0.5849, 0.0, 0.649, 0.351),
        ("On the other hand, VADER is quite bad ass", 0.802, 0.577, 0.423, 0.0),
        ("VADER is such a badass!", 0.4003, 0.402, 0.598, 0.0),
        ("Without a doubt, excellent idea.", 0.7013, 0.659, 0.341, 0.0),
        ("Roger Dodger is one of the most compelling variations on this theme.", 0.2944, 0.166, 0.834, 0.0),
        ("Roger Dodger is at least compelling as a variation on the theme.", 0.2263, 0.147, 0.853, 0.0),
        ("Roger Dodger is one of the least compelling variations on this theme.", -0.1695, 0.0, 0.868, 0.132),
        ("Not such a badass after all.", -0.2584, 0.0, 0.711, 0.289),
        ("Without a doubt, an excellent idea.", 0.7013, 0.592, 0.408, 0.0),
        // Edge cases.
        ("", 0.0, 0.0, 0.0, 0.0),
        ("   ", 0.0, 0.0, 0.0, 0.0),
        ("I love it??", 0.6767, 0.695, 0.305, 0.0),
        ("I love it????", 0.7319, 0.721, 0.279, 0.0),
        ("no good", -0.3412, 0.0, 0.294, 0.706),
        ("good good but bad bad", -0.8225, 0.271, 0.069, 0.66),
        ("😁😁", 0.7184, 0.429, 0.571, 0.0),
        ("x😁y", 0.4588, 0.375, 0.625, 0.0),
        ("GREAT", 0.6249, 1.0, 0.0, 0.0),
        ("This is GREAT", 0.7034, 0.707, 0.293, 0.0),
        ("kiss of death for sure", 0.0516, 0.464, 0.182, 0.355),
        ("the bus stop is ok", -0.296, 0.0, 0.645, 0.355),
        ("yeah right, great job", 0.743, 0.759, 0.241, 0.0),
        ("\u{00A0}great\u{2003}news\u{3000}", 0.6249, 0.804, 0.196, 0.0),
        ("I hate the Kelvin \u{212A}", -0.5719, 0.0, 0.519, 0.481),
        ("ÉNORME good", 0.4404, 0.744, 0.256, 0.0),
        ("it is not worth it, isn't great", -0.6072, 0.0, 0.502, 0.498),
    ]

    @Test("scores equal vaderSentiment 3.3.2", arguments: cases)
    func example(_ c: (String, Double, Double, Double, Double)) throws {
        let analyzer = SentimentAnalyzer.shared
        let expected = SentimentScores(compound: c.1, positive: c.2, neutral: c.3, negative: c.4)
        #expect(analyzer.scores(c.0) == expected, "\(c.0)")
    }

    @Test("a fresh analyzer loads the bundled lexicon and agrees with the shared one")
    func freshAnalyzer() throws {
        let analyzer = try SentimentAnalyzer()
        let text = "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!"
        #expect(analyzer.scores(text) == SentimentAnalyzer.shared.scores(text))
    }
}
