/// A JSON string token as bytes: a view into the input when it had no escapes,
/// its unescaped copy otherwise. Member names are matched on these bytes so
/// that looking a field up makes no `String`.
public struct JSONKey {
    /// The unescaped UTF-8 bytes; valid until the reader moves on when `copy` is nil.
    @usableFromInline let view: UnsafeRawBufferPointer
    /// The unescaped bytes, when the token had escapes.
    @usableFromInline let copy: [UInt8]?

    @inlinable
    init(view: UnsafeRawBufferPointer, copy: [UInt8]?) {
        self.view = view
        self.copy = copy
    }

    /// The length in bytes.
    @inlinable
    public var count: Int { copy?.count ?? view.count }

    /// Whether the key is exactly `name`.
    @inlinable
    public func matches(_ name: StaticString) -> Bool {
        let length = name.utf8CodeUnitCount
        guard count == length else { return false }
        let other = UnsafeRawBufferPointer(start: name.utf8Start, count: length)
        if let copy {
            return copy.withUnsafeBytes { $0.elementsEqual(other) }
        }
        guard let base = view.baseAddress else { return length == 0 }
        return memcmpEqual(base, name.utf8Start, length)
    }

    @inlinable
    func memcmpEqual(_ lhs: UnsafeRawPointer, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index + 8 <= count {
            if lhs.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                != UnsafeRawPointer(rhs).loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
            index += 8
        }
        while index < count {
            if lhs.load(fromByteOffset: index, as: UInt8.self) != rhs[index] { return false }
            index += 1
        }
        return true
    }

    /// Calls `body` with the unescaped bytes.
    @inlinable
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(JSONError) -> R) throws(JSONError) -> R {
        if let copy {
            return try copy.withUnsafeBytes { buffer in
                Result { () throws(JSONError) -> R in try body(buffer) }
            }.get()
        }
        return try body(view)
    }

    /// The key as text (invalid UTF-8 repaired), for error messages.
    public var text: String {
        if let copy { return String(decoding: copy, as: UTF8.self) }
        return String(decoding: view, as: UTF8.self)
    }
}
