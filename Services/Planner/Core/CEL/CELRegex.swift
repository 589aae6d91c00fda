internal import Foundation

/// One compiled `matches` pattern.
struct CELRegex: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable after creation and thread-safe.
    let expression: NSRegularExpression

    init(_ pattern: String) throws(CELEvalError) {
        if let construct = CELRegex.nonRE2Construct(in: pattern) {
            throw CELEvalError(code: .invalidArgument, message: "invalid regular expression: \(construct) is not RE2 syntax")
        }
        do {
            // ICU refuses an empty pattern; RE2 matches the empty string.
            expression = try NSRegularExpression(pattern: pattern.isEmpty ? "(?:)" : pattern, options: [])
        } catch {
            throw CELEvalError(code: .invalidArgument, message: "invalid regular expression '\(pattern)'")
        }
    }

    /// True when the pattern matches anywhere in `s` (CEL's `matches` is a search, not a full match).
    func matches(_ s: String) -> Bool {
        let ns = s as NSString
        return expression.firstMatch(in: s, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// The first construct in `pattern` outside RE2, or nil.
    static func nonRE2Construct(in pattern: String) -> String? {
        let s = Array(pattern.unicodeScalars)
        var i = 0
        var inClass = false
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                if i + 1 < s.count {
                    let n = s[i + 1]
                    if !inClass, ("1"..."9").contains(n) { return "a backreference" }
                    if !inClass, n == "k" { return "a named backreference" }
                }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                i += 1
                continue
            }
            if c == "[" {
                inClass = true
                i += 1
                if i < s.count, s[i] == "^" { i += 1 }
                if i < s.count, s[i] == "]" { i += 1 }
                continue
            }
            if c == "(", i + 2 < s.count, s[i + 1] == "?" {
                let n = s[i + 2]
                if n == "=" || n == "!" || n == ">" { return "lookahead or an atomic group" }
                if n == "<", i + 3 < s.count, s[i + 3] == "=" || s[i + 3] == "!" { return "lookbehind" }
            }
            if c == "*" || c == "+" || c == "?" || c == "}", i + 1 < s.count, s[i + 1] == "+" {
                return "a possessive quantifier"
            }
            i += 1
        }
        return nil
    }
}
