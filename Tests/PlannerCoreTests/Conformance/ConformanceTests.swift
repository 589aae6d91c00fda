import Foundation
import PlannerCore
import Testing

/// The CEL "simple" conformance files (google/cel-spec tests/simple/testdata,
/// read from `../shared/data/cel-conformance` beside the repository at test
/// time). Every test not on the reviewed skip list
/// (`Fixtures/cel-skips.txt`) must pass, and every test on it must fail, so
/// the list cannot go stale.
@Suite("CEL conformance")
struct ConformanceTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = repositoryRoot
        .appendingPathComponent("../shared/data/cel-conformance/testdata", isDirectory: true).standardizedFileURL
    static let skipFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cel-skips.txt")

    static let files = [
        "basic", "comparisons", "conversions", "fields", "fp_math", "integer_math", "lists", "logic", "macros",
        "parse", "plumbing", "string", "timestamps",
    ]

    /// Skip list: "file/section/test: reason" per line; `#` comments.
    static func skips() throws -> [String: String] {
        var skips: [String: String] = [:]
        for line in try String(contentsOf: skipFile, encoding: .utf8).split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            skips[String(trimmed[..<colon])] = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return skips
    }

    /// Nil when the case passes, else why not.
    static func run(_ test: ConformanceCase) -> String? {
        let program: CELProgram
        do {
            program = try CELProgram(compiling: test.expr, environment: test.disableCheck ? nil : test.environment)
        } catch {
            if case .error = test.expectation { return nil }  // an error was expected; ours came earlier
            return "compile error \(error)"
        }
        let result = program.evaluate(test.bindings)
        switch (test.expectation, result) {
        case (.value(let expected), .success(let actual)):
            if Self.matches(expected, actual) { return nil }
            return "expected \(expected), got \(actual)"
        case (.value(let expected), .failure(let error)):
            return "expected \(expected), got error \(error)"
        case (.error, .failure):
            return nil
        case (.error, .success(let actual)):
            return "expected an error, got \(actual)"
        case (.unknown, _):
            return "unknown values are not supported"
        }
    }

    /// Exact match: same types, NaN matches NaN, maps in any order.
    static func matches(_ expected: CELValue, _ actual: CELValue) -> Bool {
        switch (expected, actual) {
        case (.double(let a), .double(let b)) where a.isNaN && b.isNaN: return true
        case (.double(let a), .double(let b)): return a == b && a.sign == b.sign
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && a.entries.allSatisfy { e in b[e.key].map { matches(e.value, $0) } ?? false }
        default: return expected == actual
        }
    }

    @Test("conformance file passes outside the skip list", arguments: files)
    func file(_ name: String) throws {
        let text = try String(contentsOf: Self.testdata.appendingPathComponent("\(name).textproto"), encoding: .utf8)
        let skips = try Self.skips()
        var passed = 0, skipped = 0
        var failures: [String] = []
        var staleSkips: [String] = []
        for loaded in try ConformanceCase.load(file: name, text: text) {
            let id: String
            let failure: String?
            switch loaded {
            case .success(let test):
                id = test.id
                failure = Self.run(test)
            case .failure(let unsupported):
                id = String(unsupported.description.prefix { $0 != ":" })
                failure = unsupported.description
            }
            if skips[id] != nil {
                skipped += 1
                if failure == nil { staleSkips.append(id) }
            } else if let failure {
                failures.append("\(id): \(failure)")
            } else {
                passed += 1
            }
        }
        print("CEL conformance \(name): \(passed) passed, \(failures.count) failed, \(skipped) skipped")
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.joined(separator: "\n"))")
        #expect(staleSkips.isEmpty, "skipped but passing (remove from cel-skips.txt):\n\(staleSkips.joined(separator: "\n"))")
    }
}
