import PlannerCore
import Testing

/// `matches` uses an RE2-syntax matcher that runs in linear time.
@Suite("CEL regex")
struct RegexTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var pattern: String
        var subject: String
        var matches: Bool
        var testDescription: String { "\(subject) ~ \(pattern)" }
        init(_ pattern: String, _ subject: String, _ matches: Bool) {
            self.pattern = pattern
            self.subject = subject
            self.matches = matches
        }
    }

    static let cases: [Case] = [
        Case("ubb", "hubba", true),
        Case("^ubb", "hubba", false),
        Case("a$", "cba", true),
        Case("", "", true),
        Case("gr(a|e)y", "grey", true),
        Case("^capability\\.legal(\\.|$)", "capability.legal.threat", true),
        Case("^capability\\.legal(\\.|$)", "capability.legality", false),
        Case("\\d{3}-\\d{4}", "call 555-1234", true),
        Case("\\bref(und)?\\b", "a refund please", true),
        Case("\\bref\\b", "prefix", false),
        Case("(?i)REFUND", "Refund", true),
        Case("(?i:é)", "É", true),
        Case("[[:upper:]][[:lower:]]+", "Hello", true),
        Case("\\p{Lu}\\p{Ll}", "Élan", true),
        Case("[^a-z]", "abc", false),
        Case("a.c", "a\nc", false),
        Case("(?s)a.c", "a\nc", true),
        Case("^b", "a\nb", false),
        Case("(?m)^b", "a\nb", true),
        Case("(a|😀){2}", "🐱😀😀", true),
        Case("a+ñ+a+", "mañana", true),
        Case("x{2,3}", "axxb", true),
        Case("x{2,3}", "axb", false),
        Case("(a*)*b", "aaaa", false),
        Case("\\x{1F600}", "😀", true),
        Case("[\\d_]+$", "ab_12", true),
    ]

    @Test("RE2 syntax matches as RE2 does", arguments: cases)
    func match(_ sample: Case) throws {
        #expect(try CELRegex(sample.pattern).matches(sample.subject) == sample.matches)
    }

    @Test("patterns outside RE2 are refused", arguments: ["(a)\\1", "(?=a)", "(?<!a)b", "a++", "a**", "(a", "[a", "a{1001}", "\\p{Greek}"])
    func refused(_ pattern: String) {
        #expect(throws: CELEvalError.self) { try CELRegex(pattern) }
    }

    @Test("catastrophic patterns for a backtracking engine run in linear time")
    func linear() throws {
        let regex = try CELRegex("(a+)+$")
        let subject = String(repeating: "a", count: 20_000) + "!"
        #expect(regex.matches(subject) == false)
        let nested = try CELRegex("(x*)*(x*)*(x*)*y")
        #expect(nested.matches(String(repeating: "x", count: 5_000)) == false)
    }

    @Test("matching is charged to the step budget by subject length and pattern size")
    func budget() throws {
        let program = try CELProgram(compiling: "s.matches('(a|b|c|d)+e')", environment: CELEnvironment(variables: ["s": .string]),
                                     limits: CELLimits(maxSteps: 1_000))
        #expect(try program.evaluate(["s": .string("abcde")]).get() == .bool(true))
        #expect(throws: CELEvalError.self) { try program.evaluate(["s": .string(String(repeating: "a", count: 100_000))]).get() }
    }
}
