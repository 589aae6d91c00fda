internal import CNGHTTP2

/// One HTTP/2 header: lower-case name and value.
public struct HeaderField: Hashable, Sendable {
    /// The name, lower case (HTTP/2 requires it); pseudo-headers start with ':'.
    public var name: String
    /// The value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension [HeaderField] {
    /// The value of the first field called `name`.
    public func first(_ name: String) -> String? {
        first { $0.name == name }?.value
    }

    /// Calls `body` with nghttp2 name/value pairs pointing into one buffer
    /// that lives for the call (nghttp2 copies what it keeps).
    func withNV<T>(_ body: (UnsafePointer<nghttp2_nv>?, Int) -> T) -> T {
        var storage: [UInt8] = []
        storage.reserveCapacity(reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count })
        var ranges: [(Int, Int, Int, Int)] = []
        ranges.reserveCapacity(count)
        for field in self {
            let nameStart = storage.count
            storage.append(contentsOf: field.name.utf8)
            let valueStart = storage.count
            storage.append(contentsOf: field.value.utf8)
            ranges.append((nameStart, valueStart - nameStart, valueStart, storage.count - valueStart))
        }
        return storage.withUnsafeMutableBufferPointer { bytes in
            let base = bytes.baseAddress ?? UnsafeMutablePointer<UInt8>(bitPattern: 0x10)!
            let nv = ranges.map { range in
                nghttp2_nv(name: base + range.0, value: base + range.2, namelen: range.1, valuelen: range.3,
                           flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
            }
            return nv.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
        }
    }
}
