import Foundation
import SignalsCore
import Testing

/// The Swift intent model against the Python one that trained it, and on
/// messages whose intent in Baton's taxonomy is obvious.
@Suite("Intent model")
struct IntentModelTests {
    static let model = try! IntentModel.bundled()

    struct GoldenRow: CustomTestStringConvertible, Sendable {
        var head: IntentHead
        var label: String
        var probability: Double
        var isOutOfScope: Bool
        var text: String
        var testDescription: String { "\(head.rawValue): \(text)" }
    }

    /// `Fixtures/intent_golden.tsv` and `Fixtures/escalation_golden.tsv`:
    /// validation texts (never test splits) with the label and probability
    /// that `Tools/intent/train.py` and `train_escalation.py` computed.
    static let golden: [GoldenRow] = ["intent_golden", "escalation_golden"].flatMap { name in
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name).tsv")
        let lines = try! String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        return lines.filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
            return GoldenRow(head: IntentHead(rawValue: String(f[0]))!, label: String(f[1]), probability: Double(f[2])!,
                             isOutOfScope: f[3] == "1", text: String(f[4]))
        }
    }

    @Test func goldenFileCoversEveryHead() {
        #expect(Self.golden.count >= 200)
        #expect(Set(Self.golden.map(\.head)) == Set(IntentHead.allCases))
    }

    @Test func bundledModelIsBatonsHeadAlone() {
        #expect(Self.model.has(.baton))
        #expect(!Self.model.has(.clinc150) && !Self.model.has(.banking77))
    }

    /// The bundled heads here; every head's rows are checked by Benchmarks/intent_bench.sh on the full model.
    @Test("Same label, probability and scope as Python", arguments: golden.filter { $0.head == .baton || $0.head == .escalation })
    func parity(_ row: GoldenRow) {
        let prediction = (row.head == .escalation ? IntentModel.escalationCues : Self.model).classify(row.text, head: row.head)
        #expect(prediction.name == row.label)
        #expect(abs(prediction.confidence - row.probability) <= 1e-3)
        #expect(prediction.isOutOfScope == row.isOutOfScope)
    }

    @Test("Obvious messages", arguments: [
        ("I want my money back", "refund"),
        ("I forgot my password", "password"),
        ("let me talk to a person", "human_request"),
        ("Where is my package? It should have arrived on Monday", "delivery"),
        ("I was charged twice on my last invoice", "billing"),
        ("Please cancel my subscription", "cancellation"),
        ("I can't log in, my account is locked", "account_access"),
        ("I will sue you and take you to court", "legal"),
        ("My headphones broke after a month, are they covered by the warranty?", "warranty"),
        ("The app keeps crashing when I open it", "technical"),
        ("I want to file a complaint about your service", "complaint"),
    ])
    func obvious(_ text: String, _ expected: String) {
        let prediction = Self.model.classify(text)
        #expect(prediction.name == expected, "\(prediction.candidates)")
        #expect(!prediction.isOutOfScope)
    }

    @Test func candidatesAreOrderedProbabilities() {
        let prediction = Self.model.classify("what's the weather like tomorrow")
        #expect(prediction.name == "other" && prediction.isOutOfScope)
        #expect(prediction.candidates.count == 6)
        #expect(prediction.candidates.first?.name == prediction.name)
        #expect(zip(prediction.candidates, prediction.candidates.dropFirst()).allSatisfy { $0.confidence >= $1.confidence })
        #expect(prediction.candidates.reduce(0) { $0 + $1.confidence } <= 1 + 1e-6)
    }

    @Test func textWithoutFeaturesGetsTheBias() {
        for text in ["", "   ", "?!", String(repeating: "x", count: 10_000)] {
            let prediction = Self.model.classify(text)
            #expect((0...1).contains(prediction.confidence))
            #expect(Self.model.labels(of: .baton).contains(prediction.name))
        }
    }

    @Test func malformedModelIsRejected() {
        #expect(throws: IntentModelError.self) { try IntentModel(serialized: []) }
        #expect(throws: IntentModelError.self) { try IntentModel(serialized: Array("BTIM".utf8) + [1, 0, 0, 0]) }
    }
}
