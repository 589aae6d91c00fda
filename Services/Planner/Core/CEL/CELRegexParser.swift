/// Parses RE2 syntax (the subset documented on `CELRegex`) into a tree.
struct CELRegexParser {
    struct Flags {
        var caseInsensitive = false
        var multiLine = false
        var dotMatchesNewline = false
    }

    let s: [Unicode.Scalar]
    var i = 0
    var flags = Flags()
    var depth = 0

    init(_ pattern: String) {
        s = Array(pattern.unicodeScalars)
    }

    func error(_ what: String) -> CELEvalError {
        CELEvalError(code: .invalidArgument, message: "invalid regular expression: \(what)")
    }

    var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

    mutating func parse() throws(CELEvalError) -> CELRegexNode {
        let node = try alternation()
        guard i == s.count else { throw error("unexpected ')'") }
        return node
    }

    mutating func alternation() throws(CELEvalError) -> CELRegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 100 else { throw error("nesting too deep") }
        var branches = [try concatenation()]
        while peek == "|" {
            i += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    mutating func concatenation() throws(CELEvalError) -> CELRegexNode {
        var items: [CELRegexNode] = []
        while let c = peek, c != "|", c != ")" {
            if let item = try repetition() { items.append(item) }
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
    }

    /// An atom and its quantifiers; nil for a flag group such as `(?i)`.
    mutating func repetition() throws(CELEvalError) -> CELRegexNode? {
        guard var node = try atom() else { return nil }
        var quantified = false
        while let c = peek {
            var bounds: (Int, Int?)
            if c == "*" {
                bounds = (0, nil)
                i += 1
            } else if c == "+" {
                bounds = (1, nil)
                i += 1
            } else if c == "?" {
                bounds = (0, 1)
                i += 1
            } else if c == "{", let counted = try countedRepetition() {
                bounds = counted
            } else {
                break
            }
            if quantified { throw error("bad repetition operator") }
            quantified = true
            if case .assert = node { /* RE2 allows ^* etc.; harmless */ }
            node = .repetition(node, min: bounds.0, max: bounds.1)
            if peek == "?" { i += 1 }  // lazy: same yes/no answer
            if peek == "+" { throw error("possessive quantifiers are not RE2 syntax") }
        }
        return node
    }

    /// `{n}`, `{n,}` or `{n,m}` at `i`, consumed; nil (nothing consumed)
    /// when the brace does not start one, in which case it is a literal.
    mutating func countedRepetition() throws(CELEvalError) -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            var n = 0
            var digits = 0
            while j < s.count, ("0"..."9").contains(s[j]) {
                n = min(n * 10 + Int(s[j].value - 0x30), 100_000)
                j += 1
                digits += 1
            }
            return digits > 0 ? n : nil
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if j < s.count, s[j] == "," {
            j += 1
            high = number()
        }
        guard j < s.count, s[j] == "}" else { return nil }
        i = j + 1
        guard low <= CELRegex.maxRepeat, (high ?? 0) <= CELRegex.maxRepeat, high.map({ $0 >= low }) ?? true else {
            throw error("bad repetition count")
        }
        return (low, high)
    }

    mutating func atom() throws(CELEvalError) -> CELRegexNode? {
        guard let c = peek else { throw error("missing expression") }
        i += 1
        switch c {
        case "(":
            return try group()
        case "[":
            return .set(try bracket())
        case ".":
            return .any(matchesNewline: flags.dotMatchesNewline)
        case "^":
            return .assert(flags.multiLine ? .lineStart : .textStart)
        case "$":
            return .assert(flags.multiLine ? .lineEnd : .textEnd)
        case "*", "+", "?":
            throw error("missing argument to repetition operator")
        case "\\":
            return try escape(inClass: false).node(flags)
        default:
            return literal(c.value)
        }
    }

    func literal(_ value: UInt32) -> CELRegexNode {
        flags.caseInsensitive ? .scalar(CELRegexCharacterSet.fold(value), fold: true) : .scalar(value, fold: false)
    }

    mutating func group() throws(CELEvalError) -> CELRegexNode? {
        let saved = flags
        if peek == "?" {
            i += 1
            guard let c = peek else { throw error("missing ')'") }
            if c == "=" || c == "!" || c == ">" { throw error("lookahead and atomic groups are not RE2 syntax") }
            if c == ":" {
                i += 1  // (?:...), a plain group
            } else if c == "<" || c == "P" {
                if c == "P" { i += 1 }
                guard peek == "<" else { throw error("invalid named group") }
                if i + 1 < s.count, s[i + 1] == "=" || s[i + 1] == "!" { throw error("lookbehind is not RE2 syntax") }
                while let n = peek, n != ">" { i += 1 }
                guard peek == ">" else { throw error("invalid named group") }
                i += 1
            } else {
                // Flags: (?i) for the rest of the group, or (?i:...) for a group.
                var on = true
                var sawFlag = false
                while let f = peek, f != ")", f != ":" {
                    switch f {
                    case "i": flags.caseInsensitive = on
                    case "m": flags.multiLine = on
                    case "s": flags.dotMatchesNewline = on
                    case "U": break
                    case "-" where on: on = false
                    default: throw error("invalid or unsupported group flag '\(f)'")
                    }
                    if f != "-" { sawFlag = true }
                    i += 1
                }
                guard sawFlag, let end = peek else { throw error("invalid group flags") }
                i += 1
                if end == ")" { return nil }  // flags stay set for the enclosing group
            }
        }
        let inner = try alternation()
        guard peek == ")" else { throw error("missing ')'") }
        i += 1
        flags = saved
        return inner
    }

    /// What an escape stands for: one scalar, a set, or an assertion.
    enum Escape {
        case scalar(UInt32)
        case set(CELRegexCharacterSet)
        case assert(CELRegex.Assertion)

        func node(_ flags: Flags) -> CELRegexNode {
            switch self {
            case .scalar(let v):
                return flags.caseInsensitive ? .scalar(CELRegexCharacterSet.fold(v), fold: true) : .scalar(v, fold: false)
            case .set(var set):
                set.fold = set.fold || flags.caseInsensitive
                return .set(set)
            case .assert(let a): return .assert(a)
            }
        }
    }

    mutating func escape(inClass: Bool) throws(CELEvalError) -> Escape {
        guard let c = peek else { throw error("trailing backslash") }
        i += 1
        func negated(_ set: CELRegexCharacterSet) -> CELRegexCharacterSet {
            var n = set
            n.negated = true
            return n
        }
        switch c {
        case "d": return .set(.digit)
        case "D": return .set(negated(.digit))
        case "w": return .set(.word)
        case "W": return .set(negated(.word))
        case "s": return .set(.space)
        case "S": return .set(negated(.space))
        case "n": return .scalar(0x0A)
        case "t": return .scalar(0x09)
        case "r": return .scalar(0x0D)
        case "f": return .scalar(0x0C)
        case "v": return .scalar(0x0B)
        case "a": return .scalar(0x07)
        case "b" where !inClass: return .assert(.wordBoundary)
        case "B" where !inClass: return .assert(.notWordBoundary)
        case "A" where !inClass: return .assert(.textStart)
        case "z" where !inClass: return .assert(.textEnd)
        case "x":
            var digits = ""
            if peek == "{" {
                i += 1
                while let h = peek, h != "}" { digits.unicodeScalars.append(h); i += 1 }
                guard peek == "}" else { throw error("invalid \\x escape") }
                i += 1
            } else {
                for _ in 0..<2 {
                    guard let h = peek else { throw error("invalid \\x escape") }
                    digits.unicodeScalars.append(h)
                    i += 1
                }
            }
            guard !digits.isEmpty, digits.count <= 8, let v = UInt32(digits, radix: 16), Unicode.Scalar(v) != nil else {
                throw error("invalid \\x escape")
            }
            return .scalar(v)
        case "p", "P":
            var name = ""
            if peek == "{" {
                i += 1
                while let n = peek, n != "}" { name.unicodeScalars.append(n); i += 1 }
                guard peek == "}" else { throw error("invalid \\p class") }
                i += 1
            } else if let n = peek {
                name.unicodeScalars.append(n)
                i += 1
            }
            var negate = c == "P"
            if name.hasPrefix("^") {
                negate.toggle()
                name.removeFirst()
            }
            guard var set = CELRegexCharacterSet.category(name) else {
                throw error("unsupported Unicode class \\p{\(name)} (general categories only)")
            }
            set.negated = negate
            return .set(set)
        case "0":
            // Octal: \0, \01, \012 (RE2 allows up to three digits after \0... as \ooo).
            var v: UInt32 = 0
            var n = 0
            while n < 2, let o = peek, ("0"..."7").contains(o) { v = v * 8 + (o.value - 0x30); i += 1; n += 1 }
            return .scalar(v)
        case "1"..."9":
            throw error("backreferences are not RE2 syntax")
        case "C", "Q", "E", "k", "G", "Z":
            throw error("unsupported escape \\\(c)")
        default:
            if c.isASCII, ("a"..."z").contains(c) || ("A"..."Z").contains(c) {
                throw error("invalid escape \\\(c)")
            }
            return .scalar(c.value)  // escaped punctuation or any non-ASCII scalar
        }
    }

    /// A bracket expression after its `[`.
    mutating func bracket() throws(CELEvalError) -> CELRegexCharacterSet {
        var set = CELRegexCharacterSet()
        set.fold = flags.caseInsensitive
        if peek == "^" {
            set.negated = true
            i += 1
        }
        var first = true
        while true {
            guard let c = peek else { throw error("missing ']'") }
            if c == "]" && !first { i += 1; break }
            first = false
            if c == "[", i + 1 < s.count, s[i + 1] == ":" {
                // [:name:] or [:^name:]
                var j = i + 2
                var name = ""
                while j < s.count, s[j] != ":" { name.unicodeScalars.append(s[j]); j += 1 }
                guard j + 1 < s.count, s[j + 1] == "]" else { throw error("invalid character class") }
                var negate = false
                if name.hasPrefix("^") { negate = true; name.removeFirst() }
                guard var posix = CELRegexCharacterSet.posix(name) else { throw error("invalid character class [:\(name):]") }
                posix.negated = negate
                set.nested.append(posix)
                i = j + 2
                continue
            }
            let low: UInt32
            i += 1
            if c == "\\" {
                switch try escape(inClass: true) {
                case .scalar(let v): low = v
                case .set(let nested):
                    set.nested.append(nested)
                    continue
                case .assert: throw error("assertion in character class")
                }
            } else {
                low = c.value
            }
            if peek == "-", i + 1 < s.count, s[i + 1] != "]" {
                i += 1
                guard let h = peek else { throw error("missing ']'") }
                i += 1
                var high = h.value
                if h == "\\" {
                    guard case .scalar(let v) = try escape(inClass: true) else { throw error("invalid range") }
                    high = v
                }
                guard low <= high else { throw error("invalid character class range") }
                set.ranges.append(low...high)
            } else {
                set.ranges.append(low...low)
            }
        }
        return set
    }
}
