extension CELType {
    /// True when a value of type `other` may be used where `self` is
    /// expected: equal types, `dyn` on either side (also inside lists and
    /// maps), and `null` for object, timestamp and duration types.
    public func isAssignable(from other: CELType) -> Bool {
        switch (self, other) {
        case (.dyn, _), (_, .dyn): return true
        case (.list(let a), .list(let b)): return a.isAssignable(from: b)
        case (.map(let ka, let va), .map(let kb, let vb)): return ka.isAssignable(from: kb) && va.isAssignable(from: vb)
        case (.type, .type): return true  // type values compare at run time
        case (.object, .null): return true
        default: return self == other
        }
    }

    /// The most specific type that both `self` and `other` are assignable
    /// to: the type itself when they agree, `dyn` otherwise.
    func joined(with other: CELType) -> CELType {
        if self == other { return self }
        switch (self, other) {
        case (.dyn, _), (_, .dyn): return .dyn
        case (.null, .object): return other
        case (.object, .null): return self
        case (.list(let a), .list(let b)): return .list(a.joined(with: b))
        case (.map(let ka, let va), .map(let kb, let vb)): return .map(ka.joined(with: kb), va.joined(with: vb))
        default: return .dyn
        }
    }

    /// True for `dyn` (the checker then defers to run time).
    var isDyn: Bool { if case .dyn = self { true } else { false } }
}
