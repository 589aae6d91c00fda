import Foundation
import SignalsCore
import Testing

/// Parity with the reference implementation on the four human-rated test sets
/// of the VADER paper (23,703 texts): `reference_scores_vadersentiment_3.3.2.tsv`
/// holds the scores PyPI vadersentiment 3.3.2 gives each text.
///
/// The data is read from `../shared/data` beside the repository at test time;
/// it is never copied into the project.
@Suite("VADER parity")
struct VaderParityTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let groundTruth = repositoryRoot
        .appendingPathComponent("../shared/data/vader_groundtruth", isDirectory: true).standardizedFileURL

    /// The lines of a file, split on LF with a trailing CR removed, as bytes
    /// (a Swift `String` would treat CRLF as one `Character`).
    static func lines(_ url: URL) throws -> [ArraySlice<UInt8>] {
        let bytes = [UInt8](try Data(contentsOf: url))
        return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }.filter { !$0.isEmpty }
    }

    static func fields(_ line: ArraySlice<UInt8>) -> [String] {
        line.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("scores match vaderSentiment 3.3.2 within 1e-4 on >= 99.9% of 23,703 texts")
    func parity() throws {
        let reference = try Self.lines(Self.groundTruth.appendingPathComponent("reference_scores_vadersentiment_3.3.2.tsv"))
        try #require(reference.count > 1)
        #expect(Self.fields(reference[0]) == ["file", "id", "neg", "neu", "pos", "compound"])

        var texts: [String: [String: String]] = [:]  // file -> id -> text
        let analyzer = try SentimentAnalyzer()
        var total = 0
        var mismatches: [String] = []
        for line in reference.dropFirst() {
            let f = Self.fields(line)
            try #require(f.count == 6, "bad reference line: \(f)")
            if texts[f[0]] == nil {
                var byID: [String: String] = [:]
                for textLine in try Self.lines(Self.groundTruth.appendingPathComponent(f[0])) {
                    // id, mean rating, text (the text itself has no tab)
                    let parts = textLine.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
                    try #require(parts.count == 3)
                    byID[String(decoding: parts[0], as: UTF8.self)] = String(decoding: parts[2], as: UTF8.self)
                }
                texts[f[0]] = byID
            }
            let text = try #require(texts[f[0]]?[f[1]], "no text for \(f[0]) \(f[1])")
            let (neg, neu, pos, compound) = (Double(f[2])!, Double(f[3])!, Double(f[4])!, Double(f[5])!)
            let s = analyzer.scores(text)
            total += 1
            if abs(s.compound - compound) > 1e-4 || abs(s.positive - pos) > 1e-4
                || abs(s.neutral - neu) > 1e-4 || abs(s.negative - neg) > 1e-4
            {
                mismatches.append(
                    "\(f[0]) \(f[1]): got (compound \(s.compound), pos \(s.positive), neu \(s.neutral), "
                        + "neg \(s.negative)), want (\(compound), \(pos), \(neu), \(neg)): \(text.prefix(120))")
            }
        }
        #expect(total == 23_703)
        let fraction = Double(total - mismatches.count) / Double(max(total, 1))
        #expect(
            fraction >= 0.999,
            "\(mismatches.count) of \(total) texts differ by more than 1e-4; e.g.\n\(mismatches.prefix(5).joined(separator: "\n"))"
        )
        print("VADER parity: \(total - mismatches.count) of \(total) texts within 1e-4 on all four scores")
        for m in mismatches.prefix(5) { print("  mismatch: \(m)") }
    }
}
