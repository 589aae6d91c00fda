/// Splits a CEL expression into tokens (CEL spec, "Lexical structure"):
/// identifiers, reserved words, int/uint/double literals (decimal and hex),
/// quoted and raw strings and bytes with every escape form, operators and
/// `//` comments.
struct CELLexer {
    let scalars: [Unicode.Scalar]
    var position = 0

    static let reservedWords: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    func error(_ message: String, at offset: Int) -> CELCompileError {
        CELCompileError(code: .syntax, message: message, location: CELSourceLocation(offset: offset, line: 0, column: 0))
    }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
    static func isHex(_ c: Unicode.Scalar?) -> Bool {
        c.map { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) } ?? false
    }
    static func isIdentStart(_ c: Unicode.Scalar?) -> Bool {
        c.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" } ?? false
    }
    static func isIdentPart(_ c: Unicode.Scalar?) -> Bool { isIdentStart(c) || isDigit(c) }

    /// All tokens, ending with `.end`.
    mutating func tokenize() throws(CELCompileError) -> [CELToken] {
        var tokens: [CELToken] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                position += 1
            } else if c == "/", peek(1) == "/" {
                while let c = peek(), c != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    mutating func next() throws(CELCompileError) -> CELToken {
        skipTrivia()
        let start = position
        guard let c = peek() else { return CELToken(kind: .end, offset: start) }

        // String and bytes literals, with r/b prefixes in either order and case.
        if c == "\"" || c == "'" { return try stringLiteral(raw: false, bytes: false, start: start) }
        if let prefix = Self.literalPrefix(peek(), peek(1), peek(2)) {
            position += prefix.length
            return try stringLiteral(raw: prefix.raw, bytes: prefix.bytes, start: start)
        }
        if c == "`" {
            position += 1
            var name = ""
            while let q = peek(), q != "`" {
                guard q != "\n" else { break }
                name.unicodeScalars.append(q)
                position += 1
            }
            guard peek() == "`", !name.isEmpty else { throw error("unterminated quoted identifier", at: start) }
            position += 1
            return CELToken(kind: .quotedIdentifier(name), offset: start)
        }
        if Self.isIdentStart(c) {
            var name = ""
            while Self.isIdentPart(peek()) { name.unicodeScalars.append(peek()!); position += 1 }
            let kind: CELToken.Kind
            switch name {
            case "true": kind = .true
            case "false": kind = .false
            case "null": kind = .null
            case "in": kind = .in
            default: kind = Self.reservedWords.contains(name) ? .reserved(name) : .identifier(name)
            }
            return CELToken(kind: kind, offset: start)
        }
        if Self.isDigit(c) || (c == "." && Self.isDigit(peek(1))) { return try number(start: start) }

        for op in ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":",
                   ".", ",", "(", ")", "[", "]", "{", "}"] {
            let opScalars = Array(op.unicodeScalars)
            if position + opScalars.count <= scalars.count,
               Array(scalars[position..<(position + opScalars.count)]) == opScalars {
                position += opScalars.count
                return CELToken(kind: .punct(op), offset: start)
            }
        }
        throw error("unexpected character '\(c)'", at: start)
    }

    static func literalPrefix(_ a: Unicode.Scalar?, _ b: Unicode.Scalar?, _ c: Unicode.Scalar?)
        -> (length: Int, raw: Bool, bytes: Bool)?
    {
        func isQuote(_ s: Unicode.Scalar?) -> Bool { s == "\"" || s == "'" }
        func isR(_ s: Unicode.Scalar?) -> Bool { s == "r" || s == "R" }
        func isB(_ s: Unicode.Scalar?) -> Bool { s == "b" || s == "B" }
        if (isR(a) && isB(b)) || (isB(a) && isR(b)), isQuote(c) { return (2, true, true) }
        if isR(a), isQuote(b) { return (1, true, false) }
        if isB(a), isQuote(b) { return (1, false, true) }
        return nil
    }

    mutating func number(start: Int) throws(CELCompileError) -> CELToken {
        if peek() == "0", peek(1) == "x" {  // the grammar has a lowercase 0x only
            position += 2
            var digits = ""
            while Self.isHex(peek()) { digits.unicodeScalars.append(peek()!); position += 1 }
            guard !digits.isEmpty, let value = UInt64(digits, radix: 16) else {
                throw error("invalid hexadecimal literal", at: start)
            }
            return try integerToken(value, start: start)
        }
        var text = ""
        var isDouble = false
        while Self.isDigit(peek()) { text.unicodeScalars.append(peek()!); position += 1 }
        if peek() == ".", Self.isDigit(peek(1)) {
            isDouble = true
            text += "."
            position += 1
            while Self.isDigit(peek()) { text.unicodeScalars.append(peek()!); position += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var look = 1
            if peek(1) == "+" || peek(1) == "-" { look = 2 }
            if Self.isDigit(peek(look)) {
                isDouble = true
                for _ in 0..<look { text.unicodeScalars.append(peek()!); position += 1 }
                while Self.isDigit(peek()) { text.unicodeScalars.append(peek()!); position += 1 }
            }
        }
        if isDouble {
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
                throw error("invalid double literal", at: start)
            }
            if Self.isIdentStart(peek()) { throw error("invalid double literal", at: start) }
            return CELToken(kind: .double(value), offset: start)
        }
        guard let value = UInt64(text) else { throw error("integer literal out of range", at: start) }
        return try integerToken(value, start: start)
    }

    mutating func integerToken(_ value: UInt64, start: Int) throws(CELCompileError) -> CELToken {
        if peek() == "u" || peek() == "U" {
            position += 1
            if Self.isIdentPart(peek()) { throw error("invalid integer literal", at: start) }
            return CELToken(kind: .uint(value), offset: start)
        }
        if Self.isIdentStart(peek()) { throw error("invalid integer literal", at: start) }
        return CELToken(kind: .int(value), offset: start)
    }

    mutating func stringLiteral(raw: Bool, bytes: Bool, start: Int) throws(CELCompileError) -> CELToken {
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        var out: [UInt8] = []  // UTF-8 for strings, raw octets for bytes
        func appendScalar(_ s: Unicode.Scalar) { out.append(contentsOf: Array(String(s).utf8)) }
        while true {
            guard let c = peek() else { throw error("unterminated string literal", at: start) }
            if c == quote {
                if !triple { position += 1; break }
                if peek(1) == quote && peek(2) == quote { position += 3; break }
            }
            if !triple && (c == "\n" || c == "\r") { throw error("newline in string literal", at: position) }
            if c == "\\" && !raw {
                let escapeStart = position
                position += 1
                guard let e = peek() else { throw error("unterminated string literal", at: start) }
                position += 1
                switch e {
                case "a": out.append(0x07)
                case "b": out.append(0x08)
                case "f": out.append(0x0C)
                case "n": out.append(0x0A)
                case "r": out.append(0x0D)
                case "t": out.append(0x09)
                case "v": out.append(0x0B)
                case "\\", "'", "\"", "`", "?": out.append(UInt8(e.value))
                case "x", "X", "u", "U":
                    let count = (e == "x" || e == "X") ? 2 : (e == "u" ? 4 : 8)
                    var value: UInt32 = 0
                    for _ in 0..<count {
                        guard let h = peek(), Self.isHex(h) else { throw error("invalid escape sequence", at: escapeStart) }
                        value = value * 16 + UInt32(String(h), radix: 16)!
                        position += 1
                    }
                    if bytes && count == 2 {
                        out.append(UInt8(value))
                    } else if bytes {
                        throw error("unicode escape in bytes literal", at: escapeStart)
                    } else {
                        guard let scalar = Unicode.Scalar(value) else { throw error("invalid unicode escape", at: escapeStart) }
                        appendScalar(scalar)
                    }
                case "0"..."3":
                    var value = UInt32(e.value - 0x30)
                    for _ in 0..<2 {
                        guard let o = peek(), ("0"..."7").contains(o) else { throw error("invalid octal escape", at: escapeStart) }
                        value = value * 8 + (o.value - 0x30)
                        position += 1
                    }
                    if bytes { out.append(UInt8(value)) } else { appendScalar(Unicode.Scalar(value)!) }
                default:
                    throw error("invalid escape sequence '\\\(e)'", at: escapeStart)
                }
                continue
            }
            appendScalar(c)
            position += 1
        }
        if bytes { return CELToken(kind: .bytes(out), offset: start) }
        return CELToken(kind: .string(String(decoding: out, as: UTF8.self)), offset: start)
    }
}
