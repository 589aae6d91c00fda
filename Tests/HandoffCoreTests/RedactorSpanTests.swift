import HandoffCore
import Testing

/// Offsets of redacted spans, the kinds switch and linear time on hostile
/// input.
@Suite("Redactor spans")
struct RedactorSpanTests {
    @Test func spansCountUTF16CodeUnitsInBothTexts() {
        // The emoji is two UTF-16 code units (one Character, one scalar):
        // offsets after it tell UTF-16 from the other units.
        let text = "🙂 Call +49 151 23456789 or jane@example.org"
        let redaction = Redactor().redact(text)
        #expect(redaction.text == "🙂 Call [phone] or [email]")
        #expect(redaction.spans == [
            RedactedSpan(kind: .phone, original: 8..<24, redacted: 8..<15, placeholder: "[phone]"),
            RedactedSpan(kind: .email, original: 28..<44, redacted: 19..<26, placeholder: "[email]"),
        ])
        let pieces = redaction.spans.map { span in
            String(text[String.Index(utf16Offset: span.original.lowerBound, in: text)..<String.Index(utf16Offset: span.original.upperBound, in: text)])
        }
        #expect(pieces == ["+49 151 23456789", "jane@example.org"])
        let placeholders = redaction.spans.map { span in
            String(redaction.text[String.Index(utf16Offset: span.redacted.lowerBound, in: redaction.text)..<String.Index(utf16Offset: span.redacted.upperBound, in: redaction.text)])
        }
        #expect(placeholders == ["[phone]", "[email]"])
    }

    @Test func nationalIDSpansNameTheirScheme() {
        let redaction = Redactor().redact("DNI 12345678Z, NIR 1 84 05 76 451 089 31")
        #expect(redaction.spans.map(\.scheme) == [.esDNI, .frNIR])
        #expect(redaction.spans.map(\.original) == [4..<13, 19..<40])
    }

    @Test func onlyTheChosenKindsAreMasked() {
        let text = "jane@example.org, +44 20 7946 0958, 4111 1111 1111 1111"
        #expect(Redactor(kinds: [.email]).redact(text).text == "[email], +44 20 7946 0958, 4111 1111 1111 1111")
        #expect(Redactor(kinds: [.phone, .card]).redact(text).text == "jane@example.org, [phone], [card ••••1111]")
        #expect(Redactor(kinds: []).redact(text).text == text)
    }

    @Test func emptyAndPlainTextsAreUnchanged() {
        #expect(Redactor().redact("") == Redaction(text: "", spans: []))
        #expect(Redactor().redact("Hola, ¿qué tal? 🙂").text == "Hola, ¿qué tal? 🙂")
    }

    @Test func anEmailEndsBeforeASentenceWithoutItsSpace() {
        #expect(Redactor().redact("Write to claire@orange.fr.Merci").text == "Write to [email].Merci")
        #expect(Redactor().redact("Write to CLAIRE@ORANGE.FR").text == "Write to [email]")
    }

    @Test func aMoreSpecificKindWinsAnOverlap() {
        // The digits inside the address are a valid-looking Spanish mobile;
        // the email owns them.
        let redaction = Redactor().redact("write to 612345678@example.es")
        #expect(redaction.text == "write to [email]")
        #expect(redaction.spans.map(\.kind) == [.email])
    }

    /// Inputs built to make a backtracking or quadratic scanner slow; each
    /// is 200,000 UTF-16 code units. A quadratic pass would take minutes
    /// here; the bound is loose for a shared, debug-built CI host.
    @Test(arguments: [
        ("digits", String(repeating: "1", count: 200_000)),
        ("spaced digits", String(repeating: "1 ", count: 100_000)),
        ("at signs", String(repeating: "a@", count: 100_000)),
        ("long domain", "x@" + String(repeating: "a.", count: 99_999)),
        ("phones", String(repeating: "612 345 678, ", count: 15_385)),
        ("IBAN starts", String(repeating: "DE89 ", count: 40_000)),
        ("card groups", String(repeating: "4111 ", count: 40_000)),
        ("street words", String(repeating: "12 Rue De La Paix ", count: 11_111)),
        ("birth cues", String(repeating: "born on ", count: 25_000)),
    ])
    func staysLinearOnHostileInput(_ name: String, _ input: String) {
        let elapsed = ContinuousClock().measure { _ = Redactor().redact(input) }
        #expect(elapsed < .seconds(10), "\(name): \(elapsed)")
    }
}
