import Foundation
import SwiftProtobuf
import SwiftProtobufMessages
import Wire

// Proto3 JSON encode and decode of two realistic messages, Baton's generated
// JSON codec against apple/swift-protobuf 1.39.0's (`jsonString()`,
// `init(jsonString:)`) on the same values, in the same process, rounds
// interleaved. Usage: JSONBenchmark TURN.bin PACKAGE.bin

/// Keeps results alive so the optimiser cannot drop the measured work.
nonisolated(unsafe) var sink = 0

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

/// Runs `ours` and `theirs` in alternating rounds of about 100 ms and returns their median ns per call.
func compare(rounds: Int = 9, ours: () -> Void, theirs: () -> Void) -> (Double, Double) {
    let oursIterations = calibrate(ours), theirsIterations = calibrate(theirs)
    var a: [Double] = [], b: [Double] = []
    for _ in 0..<rounds {
        a.append(time(oursIterations, ours))
        b.append(time(theirsIterations, theirs))
    }
    return (a.sorted()[rounds / 2], b.sorted()[rounds / 2])
}

func load(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(2)
    }
    return [UInt8](data)
}

func bench<Ours: ProtoJSONMessage, Theirs: SwiftProtobuf.Message>(
    _ label: String, _ bytes: [UInt8], _: Ours.Type, _: Theirs.Type
) throws -> [(String, Double, Double)] {
    let ours = try Ours(serializedBytes: bytes)
    let theirs = try Theirs(serializedBytes: bytes)
    let ourJSON = ours.jsonString()
    let theirJSON = try theirs.jsonString()
    // Each reads the other's JSON back to the same message: both do the whole job.
    let oursFromTheirs = try Ours(jsonString: theirJSON)
    let theirsFromOurs = try Theirs(jsonString: ourJSON)
    precondition(oursFromTheirs == ours, "\(label): Wire reads swift-protobuf's JSON differently")
    precondition(theirsFromOurs.isEqualTo(message: theirs), "\(label): swift-protobuf reads Wire's JSON differently")

    let encode = compare(
        ours: { sink &+= ours.jsonString().utf8.count },
        theirs: { sink &+= (try! theirs.jsonString()).utf8.count }
    )
    let decode = compare(
        ours: { sink &+= (try! Ours(jsonString: ourJSON)).unknownFields.bytes.count + 1 },
        theirs: { sink &+= (try! Theirs(jsonString: theirJSON)).unknownFields.data.count + 1 }
    )
    return [("\(label) JSON encode", encode.0, encode.1), ("\(label) JSON decode", decode.0, decode.1)]
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: JSONBenchmark HANDLE_TURN_REQUEST.bin HANDOFF_PACKAGE.bin")
    exit(2)
}
let turn = load(arguments[1]), package = load(arguments[2])
let turnJSON = try PlannerV1.HandleTurnRequest(serializedBytes: turn).jsonBytes().count
let packageJSON = try HandoffV1.HandoffPackage(serializedBytes: package).jsonBytes().count
var rows: [(String, Double, Double)] = []
rows += try bench("HandleTurnRequest (\(turnJSON) B JSON)", turn,
                  PlannerV1.HandleTurnRequest.self, Baton_Planner_V1_HandleTurnRequest.self)
rows += try bench("HandoffPackage (\(packageJSON) B JSON)", package,
                  HandoffV1.HandoffPackage.self, Baton_Handoff_V1_HandoffPackage.self)

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func fmt(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
print(pad("json: operation", 52), pad("Wire µs", 10), pad("swift-protobuf µs", 19), "ratio (target >= 2x)")
var worst = Double.infinity
for (name, ours, theirs) in rows {
    let ratio = theirs / ours
    worst = min(worst, ratio)
    print(pad(name, 52), pad(fmt(ours / 1000), 10), pad(fmt(theirs / 1000), 19), fmt(ratio) + "x")
}
print("json: slowest ratio \(fmt(worst))x (\(worst >= 2 ? "meets" : "MISSES") the 2x target; sink \(sink % 10))")
