/// Evaluates a parsed expression against variable bindings, with CEL's
/// error semantics: a runtime error is thrown as a `CELEvalError` and
/// absorbed where CEL absorbs it (`&&`, `||`, `?:`, `all`, `exists`).
/// Every operation that could trap (overflow, division, ranges) is checked.
struct CELEvaluator {
    let bindings: [String: CELValue]
    let maxSteps: Int
    /// Constant `matches` patterns compiled with the program; others are
    /// compiled when evaluated.
    let patterns: [String: CELRegex]
    /// Whether some binding has a dotted name ("a.b.c"), which a chain of
    /// field selections may spell.
    let dottedBindings: Bool
    var locals: [(name: String, value: CELValue)] = []
    var steps = 0

    init(bindings: [String: CELValue], maxSteps: Int, patterns: [String: CELRegex]) {
        self.bindings = bindings
        self.maxSteps = maxSteps
        self.patterns = patterns
        dottedBindings = bindings.keys.contains { $0.utf8.contains(UInt8(ascii: ".")) }
    }

    /// Spends `cost` steps of the budget.
    mutating func spend(_ cost: Int = 1, at offset: Int) throws(CELEvalError) {
        steps += cost
        if steps > maxSteps {
            throw CELEvalError(code: .budgetExceeded, message: "evaluation exceeded its budget of \(maxSteps) steps", offset: offset)
        }
    }

    static let typeNames: [String: String] = [
        "int": "int", "uint": "uint", "double": "double", "bool": "bool", "string": "string", "bytes": "bytes",
        "list": "list", "map": "map", "null_type": "null_type", "type": "type",
        "google.protobuf.Timestamp": "google.protobuf.Timestamp", "google.protobuf.Duration": "google.protobuf.Duration",
    ]

    mutating func eval(_ expr: CELExpr) throws(CELEvalError) -> CELValue {
        try spend(at: expr.offset)
        switch expr.kind {
        case .literal(let value):
            return value
        case .identifier(let name):
            for local in locals.reversed() where local.name == name { return local.value }
            if let value = bindings[name] { return value }
            if let type = Self.typeNames[name] { return .type(type) }
            throw CELEvalError(code: .unboundVariable, message: "no value for variable '\(name)'", offset: expr.offset)
        case .select(let operand, let field, let testOnly):
            if dottedBindings, !testOnly, let name = expr.qualifiedName, let value = bindings[name],
               !locals.contains(where: { name.hasPrefix($0.name + ".") })
            {
                return value
            }
            let value = try eval(operand)
            return try select(field, of: value, testOnly: testOnly, at: expr.offset)
        case .call(let function, let target, let arguments):
            return try call(function, target: target, arguments: arguments, at: expr.offset)
        case .undeclaredCall(let name, _, _):
            throw CELEvalError(code: .noSuchOverload, message: "unbound function '\(name)'", offset: expr.offset)
        case .list(let items):
            var values: [CELValue] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try eval(item)) }
            return .list(values)
        case .map(let entries):
            var map = CELMap()
            for entry in entries {
                let keyValue = try eval(entry.key)
                guard let key = CELMapKey(keyValue) else {
                    throw CELEvalError(code: .noSuchOverload, message: "unsupported map key type \(keyValue.typeName)",
                                       offset: entry.key.offset)
                }
                let value = try eval(entry.value)
                if try map.lookup(keyValue) != nil {
                    throw CELEvalError(code: .duplicateKey, message: "repeated key \(key) in map literal", offset: entry.key.offset)
                }
                map[key] = value
            }
            return .map(map)
        case .comprehension(let macro, let variable, let range, let predicate, let transform):
            return try comprehension(macro, variable: variable, range: range, predicate: predicate, transform: transform,
                                     at: expr.offset)
        }
    }

    func select(_ field: String, of value: CELValue, testOnly: Bool, at offset: Int) throws(CELEvalError) -> CELValue {
        switch value {
        case .map(let map):
            let found = map[.string(field)]
            if testOnly { return .bool(found != nil) }
            guard let found else { throw CELEvalError(code: .noSuchKey, message: "no such key: '\(field)'", offset: offset) }
            return found
        case .object(let object):
            let found = object.fields[field]
            if testOnly { return .bool(found != nil) }
            guard let found else {
                throw CELEvalError(code: .noSuchField, message: "no such field '\(field)' in \(object.typeName)", offset: offset)
            }
            return found
        default:
            throw CELEvalError(code: .noSuchOverload, message: "cannot select field '\(field)' from \(value.typeName)", offset: offset)
        }
    }

    /// Evaluates `expr` as a condition, turning an error into a value.
    mutating func evalCatching(_ expr: CELExpr) -> Result<CELValue, CELEvalError> {
        do throws(CELEvalError) {
            return .success(try eval(expr))
        } catch {
            // A spent budget is never absorbed: rethrown by the callers.
            return .failure(error)
        }
    }

    mutating func logical(_ isAnd: Bool, _ arguments: [CELExpr], at offset: Int) throws(CELEvalError) -> CELValue {
        // CEL's commutative && and ||: a decisive operand (false for &&, true
        // for ||) wins over an error on either side.
        let decisive = !isAnd
        var firstError: CELEvalError?
        for argument in arguments {
            switch evalCatching(argument) {
            case .success(.bool(let b)):
                if b == decisive { return .bool(decisive) }
            case .success(let other):
                if firstError == nil {
                    firstError = CELEvalError(code: .noSuchOverload,
                                              message: "no such overload: \(isAnd ? "&&" : "||") on \(other.typeName)", offset: offset)
                }
            case .failure(let error):
                if error.code == .budgetExceeded { throw error }
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return .bool(!decisive)
    }

    mutating func comprehension(_ macro: CELMacro, variable: String, range: CELExpr, predicate: CELExpr?,
                                transform: CELExpr?, at offset: Int) throws(CELEvalError) -> CELValue
    {
        let rangeValue = try eval(range)
        let elements: [CELValue]
        switch rangeValue {
        case .list(let items): elements = items
        case .map(let map): elements = map.entries.map { $0.key.value }
        default:
            throw CELEvalError(code: .noSuchOverload, message: "\(macro.rawValue)() over \(rangeValue.typeName)", offset: offset)
        }
        // The parser always gives all/exists/exists_one/filter a predicate
        // and map a transform; a hand-built tree without them is refused.
        guard let body = macro == .map ? transform : predicate else {
            throw CELEvalError(code: .invalidArgument, message: "\(macro.rawValue)() without its expression", offset: offset)
        }
        locals.append((variable, .null))
        defer { locals.removeLast() }
        let slot = locals.count - 1
        switch macro {
        case .all, .exists:
            let decisive = macro == .exists
            var firstError: CELEvalError?
            for element in elements {
                try spend(at: offset)
                locals[slot].value = element
                switch evalCatching(body) {
                case .success(.bool(let b)):
                    if b == decisive { return .bool(decisive) }
                case .success(let other):
                    if firstError == nil {
                        firstError = CELEvalError(code: .noSuchOverload, message: "predicate gave \(other.typeName)", offset: offset)
                    }
                case .failure(let error):
                    if error.code == .budgetExceeded { throw error }
                    if firstError == nil { firstError = error }
                }
            }
            if let firstError { throw firstError }
            return .bool(!decisive)
        case .existsOne:
            var count = 0
            for element in elements {
                try spend(at: offset)
                locals[slot].value = element
                let result = try eval(body)
                guard case .bool(let b) = result else {
                    throw CELEvalError(code: .noSuchOverload, message: "predicate gave \(result.typeName)", offset: offset)
                }
                if b { count += 1 }
            }
            return .bool(count == 1)
        case .filter, .map:
            var results: [CELValue] = []
            for element in elements {
                try spend(at: offset)
                locals[slot].value = element
                if let predicate, macro == .map {
                    let keep = try eval(predicate)
                    guard case .bool(let b) = keep else {
                        throw CELEvalError(code: .noSuchOverload, message: "predicate gave \(keep.typeName)", offset: offset)
                    }
                    if !b { continue }
                }
                if macro == .filter {
                    let keep = try eval(body)
                    guard case .bool(let b) = keep else {
                        throw CELEvalError(code: .noSuchOverload, message: "predicate gave \(keep.typeName)", offset: offset)
                    }
                    if b { results.append(element) }
                } else {
                    results.append(try eval(body))
                }
            }
            return .list(results)
        }
    }

    mutating func call(_ function: CELFunction, target: CELExpr?, arguments: [CELExpr], at offset: Int)
        throws(CELEvalError) -> CELValue
    {
        switch function {
        case .and: return try logical(true, arguments, at: offset)
        case .or: return try logical(false, arguments, at: offset)
        case .conditional:
            let condition = try eval(arguments[0])
            guard case .bool(let b) = condition else {
                throw CELEvalError(code: .noSuchOverload, message: "condition of ?: is \(condition.typeName)", offset: offset)
            }
            return try eval(b ? arguments[1] : arguments[2])
        default:
            break
        }
        var values: [CELValue] = []
        values.reserveCapacity(arguments.count + 1)
        if let target { values.append(try eval(target)) }
        for argument in arguments { values.append(try eval(argument)) }
        do throws(CELEvalError) {
            return try apply(function, values, at: offset)
        } catch {
            var located = error
            if located.offset == nil { located.offset = offset }
            throw located
        }
    }
}
