import HandoffCore
import Testing

/// Properties every redaction keeps, on texts stitched at random (with a
/// fixed seed, so a failure reproduces) from the table's strings, digits,
/// separators, letters and emoji.
@Suite("Redactor invariants")
struct RedactorInvariantTests {
    /// SplitMix64: small, deterministic on every platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let fragments: [String] = RedactorTableTests.personalData.map(\.input) + RedactorTableTests.lookAlikes.map(\.text)
        + ["0", "1", "612", "345", " ", "-", ".", "/", "+", "(", ")", "@", "#", ",", "\n", "é", "ß", "🙂", "Calle", "rue", "Str.",
           "DE", "X", "A", "Z", "order", "Tel", "born on", "€"]

    static func randomText(_ generator: inout Generator) -> String {
        var text = ""
        // Fragments are joined as messages are: by a space, a line break
        // or punctuation. (Glued together they make new words, "1990Née",
        // that a second pass, seeing "]Née", rightly reads differently.)
        for _ in 0..<Int.random(in: 1...12, using: &generator) {
            text += fragments.randomElement(using: &generator)!
            text += [" ", "\n", ", ", ". "].randomElement(using: &generator)!
        }
        return text
    }

    @Test func spansAreOrderedInBoundsAndRebuildTheText() {
        var generator = Generator(state: 20_261_205)
        for _ in 0..<1_500 {
            let text = Self.randomText(&generator)
            let redaction = Redactor().redact(text)
            let original = Array(text.utf16)
            let redacted = Array(redaction.text.utf16)
            var rebuilt: [UInt16] = []
            var cursor = 0
            for span in redaction.spans {
                #expect(span.original.lowerBound >= cursor, "\(text.debugDescription)")
                #expect(span.original.upperBound <= original.count && !span.original.isEmpty)
                guard span.original.lowerBound >= cursor, span.original.upperBound <= original.count else { break }
                rebuilt += original[cursor..<span.original.lowerBound]
                #expect(span.redacted.lowerBound == rebuilt.count)
                rebuilt += span.placeholder.utf16
                #expect(span.redacted.upperBound == rebuilt.count)
                #expect(span.redacted.upperBound <= redacted.count
                        && Array(redacted[span.redacted]) == Array(span.placeholder.utf16))
                cursor = span.original.upperBound
            }
            rebuilt += original[min(cursor, original.count)...]
            #expect(rebuilt == redacted, "\(text.debugDescription)")
        }
    }

    @Test func redactingTwiceChangesNothingMore() {
        var generator = Generator(state: 42)
        for _ in 0..<1_500 {
            let text = Self.randomText(&generator)
            let once = Redactor().redact(text).text
            let twice = Redactor().redact(once)
            #expect(twice.text == once, "from \(text.debugDescription)")
        }
    }
}
