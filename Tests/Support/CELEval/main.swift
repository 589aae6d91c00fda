import Foundation
import PlannerCore

// Reads one CEL expression per line on stdin and prints one JSON line per
// expression with PlannerCore's result, for Tests/Planner/cel_differential.py:
//   ["int", "5"], ["uint", "5"], ["double", "<IEEE bits as hex>"], ["string", "..."],
//   ["bytes", "<hex>"], ["bool", true], ["null"], ["list", [...]], ["map", [[k, v], ...]],
//   ["timestamp", seconds, nanos], ["duration", "<nanoseconds>"], ["type", "name"],
//   ["error", "code", "message"], ["compile_error", "code"].
// The expressions are checked against the fixed environment below (the
// script declares the same variables on the reference side), or with no
// environment when the program is run with --no-check.

let environment = CELEnvironment(variables: [
    "i": .int, "u": .uint, "d": .double, "s": .string, "b": .bool,
    "l": .list(.int), "m": .map(.string, .int), "ts": .timestamp, "du": .duration,
])
let bindings: [String: CELValue] = [
    "i": .int(7), "u": .uint(3), "d": .double(2.5), "s": .string("hello"), "b": .bool(true),
    "l": .list([.int(1), .int(2), .int(3)]), "m": .map(CELMap([(.string("a"), .int(1)), (.string("b"), .int(2))])),
    "ts": .timestamp(CELTimestamp(seconds: 1_704_067_200)!),  // 2024-01-01T00:00:00Z
    "du": .duration(CELDuration(nanoseconds: 5_400_000_000_000)),  // 90 minutes
]
let check = !CommandLine.arguments.contains("--no-check")

func json(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func encode(_ value: CELValue) -> String {
    switch value {
    case .null: return "[\"null\"]"
    case .bool(let b): return "[\"bool\", \(b)]"
    case .int(let i): return "[\"int\", \"\(i)\"]"
    case .uint(let u): return "[\"uint\", \"\(u)\"]"
    case .double(let d): return d.isNaN ? "[\"double\", \"nan\"]" : "[\"double\", \"\(String(d.bitPattern, radix: 16))\"]"
    case .string(let s): return "[\"string\", \(json(s))]"
    case .bytes(let b): return "[\"bytes\", \"\(b.map { String(format: "%02x", $0) }.joined())\"]"
    case .list(let items): return "[\"list\", [" + items.map(encode).joined(separator: ", ") + "]]"
    case .map(let map):
        return "[\"map\", [" + map.entries.map { "[\(encode($0.key.value)), \(encode($0.value))]" }.joined(separator: ", ") + "]]"
    case .object(let object): return "[\"object\", \(json(object.typeName))]"
    case .timestamp(let t): return "[\"timestamp\", \(t.seconds), \(t.nanos)]"
    case .duration(let d): return "[\"duration\", \"\(d.nanoseconds)\"]"
    case .type(let name): return "[\"type\", \(json(name))]"
    }
}

while let line = readLine(strippingNewline: true) {
    let output: String
    do {
        let program = try CELProgram(compiling: line, environment: check ? environment : nil)
        switch program.evaluate(bindings) {
        case .success(let value): output = encode(value)
        case .failure(let error): output = "[\"error\", \(json(error.code.rawValue)), \(json(error.message))]"
        }
    } catch {
        output = "[\"compile_error\", \(json(error.code.rawValue))]"
    }
    print(output)
}
