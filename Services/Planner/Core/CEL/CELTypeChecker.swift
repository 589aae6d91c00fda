/// Checks a parsed expression against a `CELEnvironment` and computes its
/// type, or reports the first error with its line and column.
///
/// `dyn` is accepted wherever any type is, and defers the check to run
/// time, as in CEL. Equality needs operands of compatible types (`1 == 1.0`
/// is an error; `dyn(1) == 1.0` is true), orderings accept mixed numeric
/// types, and arithmetic needs equal types.
public struct CELTypeChecker {
    let environment: CELEnvironment
    let source: String
    var locals: [(name: String, type: CELType)] = []

    /// Checks `expr`, parsed from `source`, against `environment`.
    public static func check(_ expr: CELExpr, source: String, environment: CELEnvironment) throws(CELCompileError) -> CELType {
        var checker = CELTypeChecker(environment: environment, source: source)
        return try checker.type(of: expr)
    }

    init(environment: CELEnvironment, source: String) {
        self.environment = environment
        self.source = source
    }

    func error(_ code: CELCompileError.Code, _ message: String, at offset: Int) -> CELCompileError {
        CELCompileError(code: code, message: message, location: CELSourceLocation(offset: offset, in: source))
    }

    static let typeIdentifiers: [String: CELType] = [
        "int": .int, "uint": .uint, "double": .double, "bool": .bool, "string": .string, "bytes": .bytes,
        "list": .list(.dyn), "map": .map(.dyn, .dyn), "null_type": .null, "type": .type(.dyn),
        "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
    ]

    static func literalType(_ value: CELValue) -> CELType {
        switch value {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .timestamp: .timestamp
        case .duration: .duration
        case .object(let object): .object(object.typeName)
        case .list: .list(.dyn)
        case .map: .map(.dyn, .dyn)
        case .type: .type(.dyn)
        }
    }

    mutating func type(of expr: CELExpr) throws(CELCompileError) -> CELType {
        switch expr.kind {
        case .literal(let value):
            return Self.literalType(value)
        case .identifier(let name):
            if let local = locals.last(where: { $0.name == name }) { return local.type }
            if let type = environment.variables[name] { return type }
            if let type = Self.typeIdentifiers[name] { return .type(type) }
            throw error(.undeclaredReference, "undeclared reference to '\(name)'", at: expr.offset)
        case .select(let operand, let field, let testOnly):
            // A dotted name may be one variable ("a.b.c"); the longest declared prefix wins.
            if !testOnly, let name = expr.qualifiedName, !locals.contains(where: { name.hasPrefix($0.name + ".") }),
               let type = environment.variables[name]
            {
                return type
            }
            let operandType = try type(of: operand)
            let fieldType: CELType
            switch operandType {
            case .dyn:
                fieldType = .dyn
            case .map(let key, let value):
                guard key.isAssignable(from: .string) else {
                    throw error(.typeMismatch, "field selection on a map with \(key) keys", at: expr.offset)
                }
                fieldType = value
            case .object(let name):
                guard let fields = environment.objectTypes[name] else {
                    throw error(.undeclaredReference, "undeclared object type '\(name)'", at: expr.offset)
                }
                guard let type = fields[field] else {
                    throw error(.undefinedField, "undefined field '\(field)' in \(name)", at: expr.offset)
                }
                fieldType = type
            default:
                throw error(.typeMismatch, "type '\(operandType)' does not support field selection", at: expr.offset)
            }
            return testOnly ? .bool : fieldType
        case .list(let items):
            var element: CELType?
            for item in items {
                let t = try type(of: item)
                element = element.map { $0.joined(with: t) } ?? t
            }
            return .list(element ?? .dyn)
        case .map(let entries):
            var key: CELType?
            var value: CELType?
            for entry in entries {
                let k = try type(of: entry.key)
                switch k {
                case .bool, .int, .uint, .string, .dyn: break
                default: throw error(.typeMismatch, "unsupported map key type '\(k)'", at: entry.key.offset)
                }
                let v = try type(of: entry.value)
                key = key.map { $0.joined(with: k) } ?? k
                value = value.map { $0.joined(with: v) } ?? v
            }
            return .map(key ?? .dyn, value ?? .dyn)
        case .comprehension(let macro, let variable, let range, let predicate, let transform):
            let rangeType = try type(of: range)
            let element: CELType
            switch rangeType {
            case .list(let e): element = e
            case .map(let k, _): element = k
            case .dyn: element = .dyn
            default:
                throw error(.typeMismatch, "\(macro.rawValue)() needs a list or map, not '\(rangeType)'", at: range.offset)
            }
            locals.append((variable, element))
            defer { locals.removeLast() }
            if let predicate {
                let p = try type(of: predicate)
                guard CELType.bool.isAssignable(from: p) else {
                    throw error(.typeMismatch, "\(macro.rawValue)() predicate is '\(p)', not bool", at: predicate.offset)
                }
            }
            switch macro {
            case .all, .exists, .existsOne: return .bool
            case .filter: return .list(element)
            case .map:
                guard let transform else { throw error(.invalidMacro, "map() without its transform", at: expr.offset) }
                return .list(try type(of: transform))
            }
        case .call(let function, let target, let arguments):
            return try call(function, target: target, arguments: arguments, at: expr.offset)
        case .undeclaredCall(let name, _, _):
            throw error(.undeclaredReference, "undeclared reference to function '\(name)'", at: expr.offset)
        }
    }

    mutating func call(_ function: CELFunction, target: CELExpr?, arguments: [CELExpr], at offset: Int)
        throws(CELCompileError) -> CELType
    {
        var types: [CELType] = []
        if let target { types.append(try type(of: target)) }
        for argument in arguments { types.append(try type(of: argument)) }
        func noOverload() -> CELCompileError {
            let name = function.rawValue.replacingUnderscores
            return error(.noMatchingOverload,
                         "found no matching overload for '\(name)' applied to '(\(types.map(\.description).joined(separator: ", ")))'",
                         at: offset)
        }
        switch function {
        case .conditional:
            guard CELType.bool.isAssignable(from: types[0]) else {
                throw error(.typeMismatch, "condition of ?: is '\(types[0])', not bool", at: arguments[0].offset)
            }
            // The branches must agree (or one be dyn), as in the C++ and Go checkers.
            guard types[1].isAssignable(from: types[2]) || types[2].isAssignable(from: types[1]) else { throw noOverload() }
            return types[1].joined(with: types[2])
        case .equals, .notEquals:
            guard types[0].isAssignable(from: types[1]) || types[1].isAssignable(from: types[0]) else { throw noOverload() }
            return .bool
        case .in:
            switch types[1] {
            case .dyn: return .bool
            case .list(let element) where element.isAssignable(from: types[0]) || types[0].isAssignable(from: element):
                return .bool
            case .map(let key, _) where key.isAssignable(from: types[0]) || types[0].isAssignable(from: key):
                return .bool
            default: throw noOverload()
            }
        case .index:
            switch types[0] {
            case .dyn:
                return .dyn
            case .list(let element):
                guard [.int, .dyn].contains(types[1]) else { throw noOverload() }  // uint and double only via dyn
                return element
            case .map(let key, let value):
                guard key.isAssignable(from: types[1]) else { throw noOverload() }
                return value
            default: throw noOverload()
            }
        case .add:
            if case .list(let a) = types[0], case .list(let b) = types[1] {
                guard a.isAssignable(from: b) || b.isAssignable(from: a) else { throw noOverload() }
                return .list(a.joined(with: b))
            }
            if case .list = types[0], types[1].isDyn { return types[0] }
            if types[0].isDyn, case .list = types[1] { return types[1] }
        case .size:
            guard types.count == 1 else { throw noOverload() }
            switch types[0] {
            case .string, .bytes, .list, .map, .dyn: return .int
            default: throw noOverload()
            }
        case .dyn:
            guard types.count == 1 else { throw noOverload() }
            return .dyn
        case .type:
            guard types.count == 1 else { throw noOverload() }
            return .type(types[0])
        default:
            break
        }
        guard let overloads = Self.overloads[function] else { throw noOverload() }
        var results: [CELType] = []
        for (parameters, result) in overloads where parameters.count == types.count {
            if zip(parameters, types).allSatisfy({ $0.isAssignable(from: $1) }) { results.append(result) }
        }
        guard let first = results.first else { throw noOverload() }
        return results.dropFirst().reduce(first) { $0.joined(with: $1) }
    }

    /// Signatures of the non-generic functions: parameter types (receiver
    /// first for methods) and result type.
    static let overloads: [CELFunction: [([CELType], CELType)]] = {
        let numbers: [CELType] = [.int, .uint, .double]
        let ordered: [CELType] = [.bool, .string, .bytes, .timestamp, .duration]
        var comparisons: [([CELType], CELType)] = ordered.map { ([$0, $0], .bool) }
        for a in numbers { for b in numbers { comparisons.append(([a, b], .bool)) } }
        let timestampAccessor: [([CELType], CELType)] = [([.timestamp], .int), ([.timestamp, .string], .int)]
        let durationAccessor: [([CELType], CELType)] = [([.duration], .int)]
        let stringTest: [([CELType], CELType)] = [([.string, .string], .bool)]
        return [
            .and: [([.bool, .bool], .bool)],
            .or: [([.bool, .bool], .bool)],
            .not: [([.bool], .bool)],
            .negate: [([.int], .int), ([.double], .double)],
            .less: comparisons, .lessOrEqual: comparisons, .greater: comparisons, .greaterOrEqual: comparisons,
            .add: [([.int, .int], .int), ([.uint, .uint], .uint), ([.double, .double], .double),
                   ([.string, .string], .string), ([.bytes, .bytes], .bytes),
                   ([.timestamp, .duration], .timestamp), ([.duration, .timestamp], .timestamp),
                   ([.duration, .duration], .duration)],
            .subtract: [([.int, .int], .int), ([.uint, .uint], .uint), ([.double, .double], .double),
                        ([.timestamp, .timestamp], .duration), ([.timestamp, .duration], .timestamp),
                        ([.duration, .duration], .duration)],
            .multiply: numbers.map { ([$0, $0], $0) },
            .divide: numbers.map { ([$0, $0], $0) },
            .modulo: [([.int, .int], .int), ([.uint, .uint], .uint)],
            .contains: stringTest, .startsWith: stringTest, .endsWith: stringTest, .matches: stringTest,
            .int: [.int, .uint, .double, .string, .timestamp].map { ([$0], .int) },
            .uint: [.int, .uint, .double, .string].map { ([$0], .uint) },
            .double: [.int, .uint, .double, .string].map { ([$0], .double) },
            .string: [.string, .int, .uint, .double, .bool, .bytes, .timestamp, .duration].map { ([$0], .string) },
            .bytes: [([.string], .bytes), ([.bytes], .bytes)],
            .bool: [([.bool], .bool), ([.string], .bool)],
            .timestamp: [([.string], .timestamp), ([.int], .timestamp), ([.timestamp], .timestamp)],
            .duration: [([.string], .duration), ([.duration], .duration)],
            .getFullYear: timestampAccessor, .getMonth: timestampAccessor, .getDate: timestampAccessor,
            .getDayOfMonth: timestampAccessor, .getDayOfYear: timestampAccessor, .getDayOfWeek: timestampAccessor,
            .getHours: timestampAccessor + durationAccessor, .getMinutes: timestampAccessor + durationAccessor,
            .getSeconds: timestampAccessor + durationAccessor, .getMilliseconds: timestampAccessor + durationAccessor,
        ]
    }()
}

extension String {
    /// `_+_` as `+`, `!_` as `!`, `@in` as `in`, for messages.
    var replacingUnderscores: String {
        if self == "@in" { return "in" }
        if self == "_[_]" { return "[]" }
        return String(filter { $0 != "_" })
    }
}
