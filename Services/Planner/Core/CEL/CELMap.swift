/// A CEL map: keys are `bool`, `int`, `uint` or `string`; entries keep the
/// order they were added in (CEL maps are unordered; the order only makes
/// output reproducible).
public struct CELMap: Sendable, Equatable {
    /// One key-value pair.
    public struct Entry: Sendable, Equatable {
        /// The key.
        public var key: CELMapKey
        /// The value.
        public var value: CELValue
    }

    /// The entries in insertion order.
    public private(set) var entries: [Entry] = []
    private var index: [CELMapKey: Int] = [:]

    /// An empty map.
    public init() {}

    /// A map of `pairs`; a later pair replaces an earlier one with an equal key.
    public init(_ pairs: [(CELMapKey, CELValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The value for exactly `key`, or nil.
    public subscript(key: CELMapKey) -> CELValue? {
        get { index[key].map { entries[$0].value } }
        set {
            if let i = index[key] {
                if let newValue { entries[i].value = newValue } else { remove(at: i) }
            } else if let newValue {
                index[key] = entries.count
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    private mutating func remove(at i: Int) {
        index[entries[i].key] = nil
        entries.remove(at: i)
        for j in i..<entries.count { index[entries[j].key] = j }
    }

    /// The value for `value` used as a key with CEL's numeric key equality:
    /// `1`, `1u` and `1.0` find the same entry. Nil when absent; throws for
    /// a value that cannot be a key.
    func lookup(_ value: CELValue) throws(CELEvalError) -> CELValue? {
        switch value {
        case .bool(let b): return self[.bool(b)]
        case .string(let s): return self[.string(s)]
        case .int(let i): return self[.int(i)] ?? (i >= 0 ? self[.uint(UInt64(i))] : nil)
        case .uint(let u): return self[.uint(u)] ?? (u <= UInt64(Int64.max) ? self[.int(Int64(u))] : nil)
        case .double(let d):
            if let i = Int64(exactly: d), let found = self[.int(i)] { return found }
            if let u = UInt64(exactly: d), let found = self[.uint(u)] { return found }
            return nil
        default:
            throw CELEvalError(code: .noSuchOverload, message: "unsupported map key type \(value.typeName)")
        }
    }

    /// Maps are equal when they have the same keys with equal values, in any order.
    public static func == (lhs: CELMap, rhs: CELMap) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for entry in lhs.entries {
            guard let other = rhs[entry.key], other == entry.value else { return false }
        }
        return true
    }
}
