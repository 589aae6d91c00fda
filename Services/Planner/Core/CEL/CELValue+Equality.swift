extension CELValue {
    /// CEL equality (heterogeneous): numbers compare by value across `int`,
    /// `uint` and `double` (NaN equals nothing); lists element-wise; maps by
    /// keys and values regardless of order; values of different types are
    /// unequal. Never an error.
    public static func celEquals(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.int, _), (.uint, _), (.double, _):
            guard let order = numericOrder(a, b) else { return false }
            return order == 0
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { celEquals($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for entry in x.entries {
                guard let other = try? y.lookup(entry.key.value), celEquals(entry.value, other) else { return false }
            }
            return true
        case (.object(let x), .object(let y)):
            guard x.typeName == y.typeName, x.fields.count == y.fields.count else { return false }
            for (name, value) in x.fields {
                guard let other = y.fields[name], celEquals(value, other) else { return false }
            }
            return true
        default:
            return a == b
        }
    }

    /// -1, 0 or 1 for two numbers of any numeric types; nil when either is
    /// NaN or either is not a number.
    static func numericOrder(_ a: CELValue, _ b: CELValue) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.uint(let x), .uint(let y)): return sign(x, y)
        case (.double(let x), .double(let y)): return x.isNaN || y.isNaN ? nil : sign(x, y)
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : sign(UInt64(x), y)
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : sign(x, UInt64(y))
        // The integer converts to double first, as the conformance suite
        // requires (9223372036854775807 >= 9223372036854775808.0 is true).
        case (.int(let x), .double(let y)): return y.isNaN ? nil : sign(Double(x), y)
        case (.double(let x), .int(let y)): return x.isNaN ? nil : sign(x, Double(y))
        case (.uint(let x), .double(let y)): return y.isNaN ? nil : sign(Double(x), y)
        case (.double(let x), .uint(let y)): return x.isNaN ? nil : sign(x, Double(y))
        default: return nil
        }
    }

    /// The order of two values for `<`, `<=`, `>`, `>=`: nil when a NaN is
    /// involved (every comparison is then false); an error for types
    /// without an order or of different kinds.
    static func compare(_ a: CELValue, _ b: CELValue) throws(CELEvalError) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.int, .int), (.int, .uint), (.int, .double), (.uint, .int), (.uint, .uint), (.uint, .double),
             (.double, .int), (.double, .uint), (.double, .double):
            return numericOrder(a, b)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.string(let x), .string(let y)):
            // Code-point order, which is UTF-8 byte order.
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x.utf8.elementsEqual(y.utf8) ? 0 : 1)
        case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        case (.timestamp(let x), .timestamp(let y)): return sign(x, y)
        case (.duration(let x), .duration(let y)): return sign(x, y)
        default:
            throw CELEvalError(code: .noSuchOverload, message: "no ordering between \(a.typeName) and \(b.typeName)")
        }
    }
}
