import Foundation
import SwiftProtobuf
import SwiftProtobufMessages
import Wire

// Encode and decode throughput of two realistic messages, Baton's Wire codec
// against apple/swift-protobuf 1.39.0 on the same bytes, in the same process,
// rounds interleaved. Usage: CodecBenchmark TURN.bin PACKAGE.bin

/// Keeps results alive so the optimiser cannot drop the measured work.
nonisolated(unsafe) var sink = 0

/// Median nanoseconds per call of `body` over `rounds` rounds of about 100 ms.
struct Measurement {
    var samples: [Double] = []
    var median: Double { samples.sorted()[samples.count / 2] }
}

func calibrate(_ body: () -> Void) -> Int {
    var iterations = 1
    while true {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { body() }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        if elapsed > 20_000_000 { return max(1, Int(Double(iterations) * 100_000_000 / Double(elapsed))) }
        iterations *= 2
    }
}

func time(_ iterations: Int, _ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { body() }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations)
}

/// Runs `ours` and `theirs` in alternating rounds and returns their medians.
func compare(rounds: Int = 9, ours: () -> Void, theirs: () -> Void) -> (Double, Double) {
    let oursIterations = calibrate(ours), theirsIterations = calibrate(theirs)
    var a = Measurement(), b = Measurement()
    for _ in 0..<rounds {
        a.samples.append(time(oursIterations, ours))
        b.samples.append(time(theirsIterations, theirs))
    }
    return (a.median, b.median)
}

func load(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(2)
    }
    return [UInt8](data)
}

func bench<Ours: ProtoMessage, Theirs: SwiftProtobuf.Message>(
    _ label: String, _ bytes: [UInt8], _: Ours.Type, _: Theirs.Type
) throws -> [(String, Double, Double)] {
    let ours = try Ours(serializedBytes: bytes)
    let theirs = try Theirs(serializedBytes: bytes)
    // Same bytes in, same size out: both codecs read every field.
    let theirBytes: [UInt8] = try theirs.serializedBytes()
    precondition(!ours.containsUnknownFields, "\(label): Wire left fields unknown")
    precondition(ours.serializedBytes().count == bytes.count && theirBytes.count == bytes.count,
                 "\(label): re-encoded sizes differ")

    let decode = compare(
        ours: { sink &+= (try! Ours(serializedBytes: bytes)).unknownFields.bytes.count + 1 },
        theirs: { sink &+= (try! Theirs(serializedBytes: bytes)).unknownFields.data.count + 1 }
    )
    let encode = compare(
        ours: { sink &+= ours.serializedBytes().count },
        theirs: { sink &+= (try! theirs.serializedBytes() as [UInt8]).count }
    )
    return [("\(label) decode", decode.0, decode.1), ("\(label) encode", encode.0, encode.1)]
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: CodecBenchmark HANDLE_TURN_REQUEST.bin HANDOFF_PACKAGE.bin")
    exit(2)
}
let turn = load(arguments[1]), package = load(arguments[2])
var rows: [(String, Double, Double)] = []
rows += try bench("HandleTurnRequest (\(turn.count) B, 20 messages)", turn,
                  PlannerV1.HandleTurnRequest.self, Baton_Planner_V1_HandleTurnRequest.self)
rows += try bench("HandoffPackage (\(package.count) B)", package,
                  HandoffV1.HandoffPackage.self, Baton_Handoff_V1_HandoffPackage.self)

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func fmt(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
print(pad("codec: operation", 52), pad("Wire µs", 10), pad("swift-protobuf µs", 19), "ratio (target >= 1.5x)")
var worst = Double.infinity
for (name, ours, theirs) in rows {
    let ratio = theirs / ours
    worst = min(worst, ratio)
    print(pad(name, 52), pad(fmt(ours / 1000), 10), pad(fmt(theirs / 1000), 19), fmt(ratio) + "x")
}
print("codec: slowest ratio \(fmt(worst))x (sink \(sink % 10))")
