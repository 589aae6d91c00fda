import Foundation
import SignalsCore
import Wire

// baton-signals' models, in process: VADER scoring throughput and its
// correlation with the human ratings of the four test sets, and Evaluate
// latency (all rules, no database) on multi-turn conversations.
// Usage: SignalsBenchmark VADER_GROUNDTRUTH_DIR TEXTS_OUT [SCENARIOS_JSON]
// Writes the texts, one per line, to TEXTS_OUT for the Python peer. With
// SCENARIOS_JSON (the labelled support conversations of the tests), also
// replays those turn by turn: chat-length messages, as the service sees them.

let arguments = CommandLine.arguments
guard arguments.count == 3 || arguments.count == 4 else {
    print("usage: SignalsBenchmark VADER_GROUNDTRUTH_DIR TEXTS_OUT [SCENARIOS_JSON]")
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])

/// The human-rated sets: file, the paper's correlation (Hutto & Gilbert 2014, Table 4).
let sets = [("tweets_GroundTruth.txt", 0.881), ("movieReviewSnippets_GroundTruth.txt", 0.451),
            ("amazonReviewSnippets_GroundTruth.txt", 0.565), ("nytEditorialSnippets_GroundTruth.txt", 0.492)]

/// id, mean human rating, text; lines split on LF with a trailing CR dropped, as the reference did.
func load(_ file: String) throws -> [(rating: Double, text: String)] {
    let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
    return bytes.split(separator: 0x0A).compactMap { line in
        let line = line.last == 0x0D ? line.dropLast() : line
        let parts = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let rating = Double(String(decoding: parts[1], as: UTF8.self)) else { return nil }
        return (rating, String(decoding: parts[2], as: UTF8.self))
    }
}

func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) {
        sxy += (a - mx) * (b - my)
        sxx += (a - mx) * (a - mx)
        syy += (b - my) * (b - my)
    }
    return sxy / (sxx * syy).squareRoot()
}

let analyzer = try SentimentAnalyzer()
var allTexts: [String] = []
print("VADER correlation with the human mean rating (compound), per test set:")
print("  \("set".padding(toLength: 38, withPad: " ", startingAt: 0)) texts   Baton r   paper r")
for (file, paper) in sets {
    let rows = try load(file)
    let compounds = rows.map { analyzer.scores($0.text).compound }
    let r = pearson(compounds, rows.map(\.rating))
    print("  \(file.padding(toLength: 38, withPad: " ", startingAt: 0)) \(String(format: "%5d", rows.count))   \(String(format: "%.3f", r))     \(String(format: "%.3f", paper))")
    allTexts += rows.map(\.text)
}
try allTexts.joined(separator: "\n").appending("\n").write(toFile: arguments[2], atomically: true, encoding: .utf8)

// BATON_BENCH_LONG_ONLY=1: only the 40-message live turns below, once, so that
// callgrind's instruction counts of Evaluate are those of the long turns alone.
let longOnly = ProcessInfo.processInfo.environment["BATON_BENCH_LONG_ONLY"] == "1"

// Throughput: whole passes over all texts; the median pass counts.
if !longOnly {
var passes: [Double] = []
var sink = 0.0
for _ in 0..<5 {
    let start = ContinuousClock.now
    for text in allTexts { sink += analyzer.scores(text).compound }
    let elapsed = ContinuousClock.now - start
    passes.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
let median = passes.sorted()[passes.count / 2]
print("vader_texts_per_second \(Int(Double(allTexts.count) / median)) (\(allTexts.count) texts, median of 5 passes; checksum \(String(format: "%.1f", sink)))")
}

// Evaluate: 8-message conversations (customer and bot alternating) built
// from the test-set texts, the last customer message scored with every rule.
let rules = EscalationRules(sentiment: analyzer, intent: try IntentModel.bundled())
let thresholds = Defaults.thresholds
var requests: [SignalsV1.EvaluateRequest] = []
var cursor = 0
for index in 0..<4_000 {
    var request = SignalsV1.EvaluateRequest()
    request.tenantID = "bench"
    request.botConfidence = 0.8
    var conversation = CommonV1.Conversation()
    conversation.conversationID = "c\(index)"
    for turn in 0..<8 {
        var message = CommonV1.ConversationMessage()
        message.role = turn % 2 == 0 ? .customer : .bot
        message.text = allTexts[cursor % allTexts.count]
        message.sendTime = .with { $0.seconds = 1_790_000_000 + Int64(turn * 40) }
        cursor += 1
        conversation.messages.append(message)
    }
    request.conversation = conversation
    request.messageIndex = 6
    requests.append(request)
}
for request in requests.prefix(500) { _ = rules.evaluate(request, thresholds: thresholds) }
/// The calls of the customer turns before the scored one, each with the conversation as it stood then.
func earlierTurns(of request: SignalsV1.EvaluateRequest) -> [SignalsV1.EvaluateRequest] {
    let messages = request.conversation!.messages
    return messages.indices.filter { $0 < Int(request.messageIndex!) && messages[$0].role == .customer }.map { index in
        var earlier = request
        earlier.conversation!.messages = Array(messages[...index])
        earlier.messageIndex = UInt32(index)
        return earlier
    }
}
/// Evaluate's latency in microseconds over three passes of `requests`, and
/// how many of the calls said escalate now. The feature cache is emptied
/// before each conversation; `live`: its earlier customer turns are scored
/// first (untimed), as the service sees a conversation it follows, so the
/// timed call reads only its new messages; otherwise the timed call sees the
/// whole conversation for the first time.
func timeEvaluate(_ requests: [SignalsV1.EvaluateRequest], live: Bool) -> (latencies: [Double], escalations: Int) {
    var latencies: [Double] = []
    latencies.reserveCapacity(requests.count * 3)
    var escalations = 0
    for _ in 0..<3 {
        for request in requests {
            rules.featureCache?.removeAll()
            if live {
                for earlier in earlierTurns(of: request) { _ = rules.evaluate(earlier, thresholds: thresholds) }
            }
            let start = ContinuousClock.now
            let response = rules.evaluate(request, thresholds: thresholds)
            let elapsed = ContinuousClock.now - start
            latencies.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            if response.recommendation == .escalateNow { escalations += 1 }
        }
    }
    return (latencies, escalations)
}
func summary(_ values: [Double]) -> String {
    let sorted = values.sorted()
    func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    return "p50 \(String(format: "%.1f", percentile(0.5))) p99 \(String(format: "%.1f", percentile(0.99))) max \(String(format: "%.1f", sorted.last!))"
}
if !longOnly {
let (latencies, escalations) = timeEvaluate(requests, live: true)
print("evaluate_latency_us \(summary(latencies)) (\(latencies.count) calls, 8-message conversations of test-set texts, the last customer turn after the earlier ones, all rules and intent, no database; \(escalations) escalate-now)")
let coldLatencies = timeEvaluate(requests, live: false).latencies
print("evaluate_first_call_latency_us \(summary(coldLatencies)) (the same, each conversation seen whole for the first time)")
}

// Long conversations: 40 messages (20 customer turns) of test-set texts,
// the last customer message scored, as a long chat looks at its end.
let longRequests = requests.prefix(1_000).enumerated().map { offset, request -> SignalsV1.EvaluateRequest in
    var long = request
    long.conversation!.messages = (0..<40).map { turn in
        var message = CommonV1.ConversationMessage()
        message.role = turn % 2 == 0 ? .customer : .bot
        message.text = allTexts[(offset * 40 + turn) % allTexts.count]
        message.sendTime = .with { $0.seconds = 1_790_000_000 + Int64(turn * 40) }
        return message
    }
    long.messageIndex = 38
    return long
}
let longLatencies = timeEvaluate(Array(longRequests), live: true).latencies
print("evaluate_long_latency_us \(summary(longLatencies)) (\(longLatencies.count) calls, 40-message conversations of test-set texts, the last customer turn after the earlier ones, all rules and intent, no database)")
if longOnly { exit(0) }
let longColdLatencies = timeEvaluate(Array(longRequests), live: false).latencies
print("evaluate_long_first_call_latency_us \(summary(longColdLatencies)) (the same, each conversation seen whole for the first time)")

if arguments.count == 4 {
    // The labelled support conversations, every customer turn scored with the conversation so far.
    let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: arguments[3]))) as! [String: Any]
    var replays: [SignalsV1.EvaluateRequest] = []
    for conversation in fixture["conversations"] as! [[String: Any]] {
        var messages: [CommonV1.ConversationMessage] = []
        for turn in conversation["turns"] as! [[String: Any]] {
            var message = CommonV1.ConversationMessage()
            if let text = turn["customer"] as? String {
                message.role = .customer
                message.text = text
            } else {
                message.role = .bot
                message.text = turn["bot"] as? String ?? ""
            }
            messages.append(message)
            guard message.role == .customer else { continue }
            replays.append(.with {
                $0.tenantID = "bench"
                $0.conversation = .with {
                    $0.conversationID = conversation["id"] as? String ?? ""
                    $0.messages = messages
                }
            })
        }
    }
    for request in replays { _ = rules.evaluate(request, thresholds: thresholds) }
    var turnLatencies: [Double] = []
    for _ in 0..<20 {
        // Each pass follows the conversations from their first turn, as the service would.
        rules.featureCache?.removeAll()
        for request in replays {
            let start = ContinuousClock.now
            _ = rules.evaluate(request, thresholds: thresholds)
            let elapsed = ContinuousClock.now - start
            turnLatencies.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
    }
    if ProcessInfo.processInfo.environment["BATON_BENCH_SLOWEST"] != nil {
        // The turns that cost most, to know where to look.
        var perRequest: [(Double, String, String)] = []
        for (index, request) in replays.enumerated() {
            let own = stride(from: index, to: turnLatencies.count, by: replays.count).map { turnLatencies[$0] }.sorted()
            perRequest.append((own[own.count / 2], request.conversation!.conversationID, request.conversation!.messages.last!.text))
        }
        for (latency, id, text) in perRequest.sorted(by: { $0.0 > $1.0 }).prefix(8) { print("slow \(Int(latency)) us \(id): \(text.prefix(80))") }
    }
    print("evaluate_turn_latency_us \(summary(turnLatencies)) (\(turnLatencies.count) calls: the \(replays.count) customer turns of the scenario suite, replayed 20 times)")
}
