/// A regular expression for CEL's `matches`, in RE2 syntax, matched in time
/// linear in the subject (a Thompson NFA simulated Pike-style: every
/// thread advances in lock step, so no input can make it backtrack).
///
/// Supported: literals and escapes (`\n`, `\t`, `\x41`, `\x{1F600}`, `\.`),
/// `.`, classes (`[a-z]`, `[^...]`, `[[:alpha:]]`), Perl classes (`\d \w \s`
/// and negations, ASCII as in RE2), Unicode general categories (`\pL`,
/// `\p{Lu}`, `\P{N}`), anchors `^ $ \A \z`, word boundaries `\b \B`, groups
/// (`(...)`, `(?:...)`, `(?P<name>...)`, `(?<name>...)`), flags `i`, `m`, `s`,
/// `U` (`(?i)`, `(?i:...)`), alternation, and the quantifiers `* + ? {n}
/// {n,} {n,m}` with their lazy forms (laziness does not change a yes/no
/// answer). Counted repetition is at most 1000, as in RE2.
///
/// Refused, as RE2 refuses them: backreferences, lookaround, atomic groups,
/// possessive quantifiers. Refused because this matcher lacks them: Unicode
/// script classes (`\p{Greek}`) and `\C`. Case folding is simple per-scalar
/// lowercase mapping. `matches` is a search: the pattern may match anywhere
/// in the subject, as CEL specifies.
public struct CELRegex: Sendable {
    enum Assertion: Sendable {
        case textStart, textEnd, lineStart, lineEnd, wordBoundary, notWordBoundary
    }

    enum Instruction: Sendable {
        case scalar(UInt32, fold: Bool)
        case any(matchesNewline: Bool)
        case set(CELRegexCharacterSet)
        case split(Int, Int)
        case jump(Int)
        case assert(Assertion)
        case match
    }

    /// Most instructions a compiled pattern may have.
    static let maxInstructions = 10_000
    /// Largest count in `{n,m}`, as in RE2.
    static let maxRepeat = 1_000

    let program: [Instruction]

    /// The number of instructions, which bounds the work per subject scalar.
    public var size: Int { program.count }

    /// Compiles `pattern`; throws `invalidArgument` naming the problem.
    public init(_ pattern: String) throws(CELEvalError) {
        var parser = CELRegexParser(pattern)
        let tree = try parser.parse()
        var compiler = CELRegexCompiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// True when the pattern matches somewhere in `subject`.
    public func matches(_ subject: String) -> Bool {
        let input = Array(subject.unicodeScalars)
        var current: [Int] = []
        var next: [Int] = []
        var mark = [Int](repeating: -1, count: program.count)
        var stack: [Int] = []

        // Adds the thread at `pc` and everything reachable from it without
        // consuming input; true when that reaches `match`.
        func add(_ list: inout [Int], _ pc: Int, at position: Int) -> Bool {
            stack.append(pc)
            while let p = stack.popLast() {
                if mark[p] == position { continue }
                mark[p] = position
                switch program[p] {
                case .jump(let target): stack.append(target)
                case .split(let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .assert(let assertion):
                    if holds(assertion, at: position, in: input) { stack.append(p + 1) }
                case .match:
                    stack.removeAll(keepingCapacity: true)
                    return true
                default:
                    list.append(p)
                }
            }
            return false
        }

        for position in 0...input.count {
            if add(&current, 0, at: position) { return true }  // a new search starts at every position
            if position == input.count { break }
            let c = input[position]
            next.removeAll(keepingCapacity: true)
            for pc in current where step(program[pc], c) {
                if add(&next, pc + 1, at: position + 1) { return true }
            }
            swap(&current, &next)
        }
        return false
    }

    func step(_ instruction: Instruction, _ c: Unicode.Scalar) -> Bool {
        switch instruction {
        case .scalar(let value, let fold):
            return fold ? CELRegexCharacterSet.fold(c.value) == value : c.value == value
        case .any(let matchesNewline): return matchesNewline || c != "\n"
        case .set(let set): return set.contains(c)
        default: return false
        }
    }

    func holds(_ assertion: Assertion, at i: Int, in input: [Unicode.Scalar]) -> Bool {
        switch assertion {
        case .textStart: return i == 0
        case .textEnd: return i == input.count
        case .lineStart: return i == 0 || input[i - 1] == "\n"
        case .lineEnd: return i == input.count || input[i] == "\n"
        case .wordBoundary, .notWordBoundary:
            let before = i > 0 && CELRegexCharacterSet.isWord(input[i - 1])
            let after = i < input.count && CELRegexCharacterSet.isWord(input[i])
            return (before != after) == (assertion == .wordBoundary)
        }
    }
}
