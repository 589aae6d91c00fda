internal import Foundation

/// Regular expressions for `matches`, compiled once per pattern.
///
/// CEL specifies RE2 syntax. This uses Foundation's NSRegularExpression
/// (ICU), which accepts a superset of RE2 with backtracking semantics. To
/// stay within RE2 and its linear-time guarantee as far as is cheap, patterns
/// using constructs RE2 does not have are refused with `invalidArgument`:
/// backreferences (`\1`, `\k<name>`), lookaround (`(?=`, `(?!`, `(?<=`,
/// `(?<!`), atomic groups (`(?>`) and possessive quantifiers (`*+`, `++`,
/// `?+`, `}+`). Known remaining differences: ICU backtracks, so a pattern
/// such as `(a+)+$` can take exponential time on hostile input (the step
/// budget does not interrupt a single match; callers should keep subject
/// strings bounded); character-class details (`\p{...}` names, POSIX
/// classes `[[:alpha:]]`) differ in corner cases.
final class CELRegexCache: @unchecked Sendable {
    // @unchecked: `lock` guards `compiled`; NSRegularExpression is immutable
    // and documented as safe to use from several threads.
    private let lock = NSLock()
    private var compiled: [String: CELRegex] = [:]

    init() {}

    func regex(for pattern: String) throws(CELEvalError) -> CELRegex {
        lock.lock()
        let cached = compiled[pattern]
        lock.unlock()
        if let cached { return cached }
        let regex = try CELRegex(pattern)
        lock.lock()
        if compiled.count < 256 { compiled[pattern] = regex }
        lock.unlock()
        return regex
    }
}
