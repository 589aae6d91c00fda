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

// `CELEval --bench`: compile the planner's example conditions once, then
// time 100,000 evaluations of each (use a release build).
if CommandLine.arguments.contains("--bench") {
    var env = CELEnvironment()
    env.declareObject("Trigger", fields: ["name": .string, "category": .string, "score": .double])
    env.declareObject("Signals", fields: ["trigger_categories": .list(.string), "triggers": .list(.object("Trigger")), "risk": .double])
    env.declareObject("Action", fields: ["kind": .string, "currency": .string, "amount_minor": .int, "irreversible": .bool])
    env.declareVariable("signals", .object("Signals"))
    env.declareVariable("action", .object("Action"))
    env.declareVariable("variables", .map(.string, .dyn))
    func trigger(_ name: String, _ category: String) -> CELValue {
        .object(CELObject(typeName: "Trigger", fields: ["name": .string(name), "category": .string(category), "score": .double(0.8)]))
    }
    let inputs: [String: CELValue] = [
        "signals": .object(CELObject(typeName: "Signals", fields: [
            "trigger_categories": .list([.string("sentiment"), .string("capability")]),
            "triggers": .list([trigger("sentiment.negative_trend", "sentiment"), trigger("capability.refund_limit", "capability"),
                               trigger("capability.legal.threat", "capability")]),
            "risk": .double(0.7),
        ])),
        "action": .object(CELObject(typeName: "Action", fields: [
            "kind": .string("refund"), "currency": .string("EUR"), "amount_minor": .int(12_500), "irreversible": .bool(true),
        ])),
        "variables": .map(CELMap([(.string("refund_eur"), .int(12_500))])),
    ]
    let rules = [
        "'capability' in signals.trigger_categories && signals.triggers.exists(t, t.name.startsWith('capability.legal'))",
        "action.kind == 'refund' && action.currency == 'EUR' ? action.amount_minor : -1",
        "'Refund of ' + string(variables.refund_eur / 100) + ' EUR needs approval'",
    ]
    let iterations = 100_000
    for rule in rules {
        let compileStart = ContinuousClock.now
        let program = try! CELProgram(compiling: rule, environment: env)
        let compileTime = ContinuousClock.now - compileStart
        var last: Result<CELValue, CELEvalError> = .success(.null)
        let start = ContinuousClock.now
        for _ in 0..<iterations { last = program.evaluate(inputs) }
        let elapsed = ContinuousClock.now - start
        let perEval = elapsed / iterations
        print("\(rule)\n  = \((try? last.get())?.description ?? "error"); compile \(compileTime); \(iterations) evaluations in \(elapsed), \(perEval) each")
    }
    exit(0)
}

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
