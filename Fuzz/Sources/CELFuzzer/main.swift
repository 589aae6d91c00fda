import PlannerCore

/// Feeds arbitrary text to the CEL compiler and evaluator, and arbitrary
/// patterns and subjects to the regex matcher. The first byte picks the
/// mode: even, the rest is an expression, compiled unchecked and checked
/// against a small environment and evaluated with a small budget; odd, the
/// rest is "pattern NUL subject". Nothing may crash; an expression that
/// checks must evaluate to a value of its checked type or to an error
/// (`conforms(_:to:)`).
let environment = CELEnvironment(
    variables: ["i": .int, "s": .string, "l": .list(.int), "m": .map(.string, .dyn), "o": .object("O"), "t": .timestamp],
    objectTypes: ["O": ["name": .string, "n": .int, "items": .list(.object("O"))]]
)
let bindings: [String: CELValue] = [
    "i": .int(7), "s": .string("héllo"), "l": .list([.int(1), .int(2), .int(3)]),
    "m": .map(CELMap([(.string("a"), .int(1)), (.string("b"), .string("x"))])),
    "o": .object(CELObject(typeName: "O", fields: ["name": .string("n"), "n": .int(-1), "items": .list([])])),
    "t": .timestamp(CELTimestamp(seconds: 1_700_000_000)!),
]
let limits = CELLimits(maxSourceLength: 2_048, maxNodes: 500, maxDepth: 48, maxSteps: 20_000)

/// LeakSanitizer reports the boxes of indirect enum values (`CELType.list`,
/// `.object`) held by lazily initialised globals as leaked at exit: Swift
/// keeps the enum case in the pointer's spare bits, so the scan does not
/// recognise the pointer. Allocations made inside a global's one-time
/// initialiser (mangled names ending in `_WZ`) are suppressed; every other
/// leak is still reported.
let suppressions: StaticString = "leak:_WZ\n"

@_cdecl("__lsan_default_suppressions")
public func lsanDefaultSuppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(suppressions.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Initialises the lazy globals (the environment, the checker's and
/// evaluator's tables) before the first input.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let warm = "int(o.n) + size(l) > 0 && s.matches('\\\\pL') && type(i) == int && t < timestamp('2100-01-01T00:00:00Z') && has(m.a)"
    if let program = try? CELProgram(compiling: warm, environment: environment, limits: limits) { _ = program.evaluate(bindings) }
    if let program = try? CELProgram(compiling: warm, environment: nil, limits: limits) { _ = program.evaluate(bindings) }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    if data[0] % 2 == 1 {
        let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
        let pattern = String(decoding: parts[0], as: UTF8.self)
        let subject = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
        if let regex = try? CELRegex(pattern) { _ = regex.matches(subject) }
        return 0
    }
    let source = String(decoding: bytes, as: UTF8.self)
    if let program = try? CELProgram(compiling: source, environment: nil, limits: limits) {
        _ = program.evaluate(bindings)
    }
    if let program = try? CELProgram(compiling: source, environment: environment, limits: limits),
       case .success(let value) = program.evaluate(bindings)
    {
        guard conforms(value, to: program.resultType) else {
            fatalError("\(source): checked as \(program.resultType), evaluated to \(value)")
        }
    }
    return 0
}

/// Whether `value` is a value of `type` (the checker's soundness).
func conforms(_ value: CELValue, to type: CELType) -> Bool {
    switch (type, value) {
    case (.dyn, _), (.null, .null), (.bool, .bool), (.int, .int), (.uint, .uint), (.double, .double),
         (.string, .string), (.bytes, .bytes), (.timestamp, .timestamp), (.duration, .duration), (.type, .type):
        return true
    case (.list(let element), .list(let items)):
        return items.allSatisfy { conforms($0, to: element) }
    case (.map(let key, let valueType), .map(let map)):
        return map.entries.allSatisfy { conforms($0.key.value, to: key) && conforms($0.value, to: valueType) }
    case (.object(let name), .object(let object)):
        return object.typeName == name
    case (.object, .null):
        return true
    default:
        return false
    }
}
