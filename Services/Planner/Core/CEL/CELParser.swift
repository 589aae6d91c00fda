/// A recursive-descent parser for the CEL subset (CEL spec, "Syntax"),
/// producing a `CELExpr` tree with source offsets and expanded macros.
///
///     Expr           = ConditionalOr ["?" ConditionalOr ":" Expr]
///     ConditionalOr  = [ConditionalOr "||"] ConditionalAnd
///     ConditionalAnd = [ConditionalAnd "&&"] Relation
///     Relation       = [Relation Relop] Addition
///     Addition       = [Addition ("+" | "-")] Multiplication
///     Multiplication = [Multiplication ("*" | "/" | "%")] Unary
///     Unary          = Member | "!" {"!"} Member | "-" {"-"} Member
///     Member         = Primary | Member "." IDENT ["(" [ExprList] ")"] | Member "[" Expr "]"
///     Primary        = ["."] IDENT ["(" [ExprList] ")"] | "(" Expr ")"
///                    | "[" [ExprList] [","] "]" | "{" [MapInits] [","] "}" | LITERAL
///
/// Message construction (`Type{field: value}`) is outside the subset.
public struct CELParser {
    let source: String
    let limits: CELLimits
    var tokens: [CELToken] = []
    var index = 0
    var nodes = 0
    var recursion = 0

    /// Type names that a dotted identifier chain may spell.
    static let qualifiedNames: Set<String> = ["google", "google.protobuf", "google.protobuf.Timestamp", "google.protobuf.Duration"]

    /// Parses `source` within `limits`.
    public static func parse(_ source: String, limits: CELLimits = .standard) throws(CELCompileError) -> CELExpr {
        var parser = CELParser(source: source, limits: limits)
        do {
            return try parser.run()
        } catch {
            // The lexer and parser record offsets only; fill in line and column.
            var located = error
            located.location = CELSourceLocation(offset: error.location.offset, in: source)
            throw located
        }
    }

    init(source: String, limits: CELLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func run() throws(CELCompileError) -> CELExpr {
        let length = source.unicodeScalars.count
        if length > limits.maxSourceLength {
            throw CELCompileError(code: .limitExceeded,
                                  message: "expression is \(length) characters long, over the limit of \(limits.maxSourceLength)",
                                  location: .init(offset: limits.maxSourceLength, line: 0, column: 0))
        }
        var lexer = CELLexer(source)
        tokens = try lexer.tokenize()
        let expr = try parseExpr()
        guard current.kind == .end else { throw unexpected("end of expression") }
        return expr
    }

    // MARK: Tokens

    var current: CELToken { tokens[index] }

    func error(_ message: String, at offset: Int, code: CELCompileError.Code = .syntax) -> CELCompileError {
        CELCompileError(code: code, message: message, location: .init(offset: offset, line: 0, column: 0))
    }

    func unexpected(_ expected: String) -> CELCompileError {
        let found: String
        switch current.kind {
        case .end: found = "end of input"
        case .punct(let p): found = "'\(p)'"
        case .identifier(let name), .reserved(let name): found = "'\(name)'"
        default: found = "literal"
        }
        return error("expected \(expected), found \(found)", at: current.offset)
    }

    func isPunct(_ p: String) -> Bool {
        if case .punct(let q) = current.kind { return p == q }
        return false
    }

    mutating func accept(_ p: String) -> Bool {
        if isPunct(p) { index += 1; return true }
        return false
    }

    mutating func expect(_ p: String) throws(CELCompileError) {
        guard accept(p) else { throw unexpected("'\(p)'") }
    }

    mutating func make(_ kind: CELExpr.Kind, at offset: Int) throws(CELCompileError) -> CELExpr {
        nodes += 1
        if nodes > limits.maxNodes {
            throw error("expression has more than \(limits.maxNodes) nodes", at: offset, code: .limitExceeded)
        }
        let expr = CELExpr(kind, offset: offset)
        if expr.depth > limits.maxDepth {
            throw error("expression nests deeper than \(limits.maxDepth)", at: offset, code: .limitExceeded)
        }
        return expr
    }

    mutating func call(_ function: CELFunction, _ arguments: [CELExpr], at offset: Int) throws(CELCompileError) -> CELExpr {
        try make(.call(function, target: nil, arguments: arguments), at: offset)
    }

    // MARK: Grammar

    mutating func parseExpr() throws(CELCompileError) -> CELExpr {
        recursion += 1
        defer { recursion -= 1 }
        if recursion > limits.maxDepth {
            throw error("expression nests deeper than \(limits.maxDepth)", at: current.offset, code: .limitExceeded)
        }
        let condition = try parseOr()
        guard isPunct("?") else { return condition }
        let offset = current.offset
        index += 1
        let whenTrue = try parseOr()
        try expect(":")
        let whenFalse = try parseExpr()
        return try call(.conditional, [condition, whenTrue, whenFalse], at: offset)
    }

    mutating func parseOr() throws(CELCompileError) -> CELExpr {
        var left = try parseAnd()
        while isPunct("||") {
            let offset = current.offset
            index += 1
            left = try call(.or, [left, try parseAnd()], at: offset)
        }
        return left
    }

    mutating func parseAnd() throws(CELCompileError) -> CELExpr {
        var left = try parseRelation()
        while isPunct("&&") {
            let offset = current.offset
            index += 1
            left = try call(.and, [left, try parseRelation()], at: offset)
        }
        return left
    }

    mutating func parseRelation() throws(CELCompileError) -> CELExpr {
        var left = try parseAddition()
        while true {
            let function: CELFunction
            switch current.kind {
            case .punct("<"): function = .less
            case .punct("<="): function = .lessOrEqual
            case .punct(">"): function = .greater
            case .punct(">="): function = .greaterOrEqual
            case .punct("=="): function = .equals
            case .punct("!="): function = .notEquals
            case .in: function = .in
            default: return left
            }
            let offset = current.offset
            index += 1
            left = try call(function, [left, try parseAddition()], at: offset)
        }
    }

    mutating func parseAddition() throws(CELCompileError) -> CELExpr {
        var left = try parseMultiplication()
        while isPunct("+") || isPunct("-") {
            let function: CELFunction = isPunct("+") ? .add : .subtract
            let offset = current.offset
            index += 1
            left = try call(function, [left, try parseMultiplication()], at: offset)
        }
        return left
    }

    mutating func parseMultiplication() throws(CELCompileError) -> CELExpr {
        var left = try parseUnary()
        while isPunct("*") || isPunct("/") || isPunct("%") {
            let function: CELFunction = isPunct("*") ? .multiply : isPunct("/") ? .divide : .modulo
            let offset = current.offset
            index += 1
            left = try call(function, [left, try parseUnary()], at: offset)
        }
        return left
    }

    mutating func parseUnary() throws(CELCompileError) -> CELExpr {
        var operators: [(CELFunction, Int)] = []
        while isPunct("!") || isPunct("-") {
            operators.append((isPunct("!") ? .not : .negate, current.offset))
            index += 1
        }
        var operand: CELExpr
        // A minus directly before a number is part of the literal (the CEL
        // grammar's `literal: MINUS? NUM_INT`), so -9223372036854775808 is
        // representable and `-1.f()` is `(-1).f()`.
        if let (last, offset) = operators.last, last == .negate, let literal = try negativeLiteral(at: offset) {
            operators.removeLast()
            operand = try parseMember(startingWith: literal)
        } else {
            operand = try parseMember()
        }
        for (function, offset) in operators.reversed() {
            operand = try call(function, [operand], at: offset)
        }
        return operand
    }

    /// The negated int or double literal at the current token, consumed; nil
    /// when the current token is not a number.
    mutating func negativeLiteral(at offset: Int) throws(CELCompileError) -> CELExpr? {
        switch current.kind {
        case .int(let magnitude):
            guard magnitude <= UInt64(Int64.max) + 1 else { throw error("integer literal out of range", at: offset) }
            index += 1
            return try make(.literal(.int(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))), at: offset)
        case .double(let value):
            index += 1
            return try make(.literal(.double(-value)), at: offset)
        default:
            return nil
        }
    }

    mutating func parseMember(startingWith primary: CELExpr? = nil) throws(CELCompileError) -> CELExpr {
        var operand: CELExpr
        if let primary { operand = primary } else { operand = try parsePrimary() }
        while true {
            if isPunct(".") {
                index += 1
                let nameOffset = current.offset
                let name: String
                switch current.kind {
                case .identifier(let identifier):
                    name = identifier
                case .reserved(let word):
                    name = word  // reserved words may name fields and methods
                case .quotedIdentifier(let quoted):
                    index += 1
                    operand = try make(.select(operand, field: quoted, testOnly: false), at: nameOffset)
                    continue
                default:
                    throw unexpected("field name")
                }
                index += 1
                if isPunct("(") {
                    index += 1
                    let arguments = try parseList(closing: ")")
                    operand = try memberCall(name, target: operand, arguments: arguments, at: nameOffset)
                } else if case .identifier(let base) = operand.kind, Self.qualifiedNames.contains(base + "." + name) {
                    operand = try make(.identifier(base + "." + name), at: operand.offset)
                } else {
                    operand = try make(.select(operand, field: name, testOnly: false), at: nameOffset)
                }
            } else if isPunct("[") {
                let offset = current.offset
                index += 1
                let key = try parseExpr()
                try expect("]")
                operand = try call(.index, [operand, key], at: offset)
            } else if isPunct("{") {
                throw error("message construction is not supported", at: current.offset, code: .unsupported)
            } else {
                return operand
            }
        }
    }

    mutating func memberCall(_ name: String, target: CELExpr, arguments: [CELExpr], at offset: Int)
        throws(CELCompileError) -> CELExpr
    {
        if let macro = CELMacro(rawValue: name) {
            let arity = macro == .map ? [2, 3] : [2]
            guard arity.contains(arguments.count) else {
                throw error("\(name)() takes \(arity.map(String.init).joined(separator: " or ")) arguments",
                            at: offset, code: .invalidMacro)
            }
            guard case .identifier(let variable) = arguments[0].kind, !variable.contains(".") else {
                throw error("\(name)() needs a simple identifier as its first argument", at: arguments[0].offset,
                            code: .invalidMacro)
            }
            switch macro {
            case .map:
                let predicate = arguments.count == 3 ? arguments[1] : nil
                return try make(.comprehension(.map, variable: variable, range: target, predicate: predicate,
                                               transform: arguments.last), at: offset)
            default:
                return try make(.comprehension(macro, variable: variable, range: target, predicate: arguments[1],
                                               transform: nil), at: offset)
            }
        }
        guard let function = CELFunction(rawValue: name), function.isMember else {
            return try make(.undeclaredCall(name, target: target, arguments: arguments), at: offset)
        }
        return try make(.call(function, target: target, arguments: arguments), at: offset)
    }

    mutating func parseList(closing: String) throws(CELCompileError) -> [CELExpr] {
        var items: [CELExpr] = []
        if accept(closing) { return items }
        while true {
            items.append(try parseExpr())
            if accept(closing) { return items }
            try expect(",")
            if closing != ")", accept(closing) { return items }
        }
    }

    mutating func parsePrimary() throws(CELCompileError) -> CELExpr {
        let token = current
        let offset = token.offset
        switch token.kind {
        case .int(let magnitude):
            index += 1
            guard magnitude <= UInt64(Int64.max) else { throw error("integer literal out of range", at: offset) }
            return try make(.literal(.int(Int64(magnitude))), at: offset)
        case .uint(let value):
            index += 1
            return try make(.literal(.uint(value)), at: offset)
        case .double(let value):
            index += 1
            return try make(.literal(.double(value)), at: offset)
        case .string(let value):
            index += 1
            return try make(.literal(.string(value)), at: offset)
        case .bytes(let value):
            index += 1
            return try make(.literal(.bytes(value)), at: offset)
        case .true, .false:
            index += 1
            return try make(.literal(.bool(token.kind == .true)), at: offset)
        case .null:
            index += 1
            return try make(.literal(.null), at: offset)
        case .reserved(let word):
            throw error("reserved identifier '\(word)'", at: offset)
        case .punct("."):
            index += 1
            guard case .identifier = current.kind else { throw unexpected("identifier") }
            return try parsePrimary()
        case .identifier(let name):
            index += 1
            guard isPunct("(") else { return try make(.identifier(name), at: offset) }
            index += 1
            let arguments = try parseList(closing: ")")
            if name == "has" {
                guard arguments.count == 1, case .select(let operand, let field, false) = arguments[0].kind else {
                    throw error("has() needs a field selection as its argument", at: offset, code: .invalidMacro)
                }
                return try make(.select(operand, field: field, testOnly: true), at: offset)
            }
            guard let function = CELFunction(rawValue: name), function.isGlobal else {
                return try make(.undeclaredCall(name, target: nil, arguments: arguments), at: offset)
            }
            return try call(function, arguments, at: offset)
        case .punct("("):
            index += 1
            let inner = try parseExpr()
            try expect(")")
            return inner
        case .punct("["):
            index += 1
            return try make(.list(try parseList(closing: "]")), at: offset)
        case .punct("{"):
            index += 1
            var entries: [(key: CELExpr, value: CELExpr)] = []
            if accept("}") { return try make(.map(entries), at: offset) }
            while true {
                let key = try parseExpr()
                try expect(":")
                entries.append((key, try parseExpr()))
                if accept("}") { break }
                try expect(",")
                if accept("}") { break }
            }
            return try make(.map(entries), at: offset)
        default:
            throw unexpected("expression")
        }
    }
}
