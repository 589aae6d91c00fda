extension JSONReader {
    /// The error for `null` inside a repeated field or as a map value.
    @inlinable
    public func nullInCollection() -> JSONError {
        error(.wrongType, "null is not allowed in a repeated field or as a map value")
    }

    /// The error for a second member of the oneof `name`.
    @inlinable
    public func oneofConflict(_ name: String) -> JSONError {
        error(.oneofConflict, "more than one field of oneof '\(name)' is set")
    }

    /// A `string` map key.
    @inlinable
    public func mapKeyString(_ key: JSONKey) throws(JSONError) -> String {
        let string = try key.withBytes { (buffer) throws(JSONError) in UTF8Validation.string(from: buffer) }
        guard let string else { throw error(.invalidString, "map key is not valid UTF-8") }
        return string
    }

    /// A `bool` map key: `"true"` or `"false"`.
    @inlinable
    public func mapKeyBool(_ key: JSONKey) throws(JSONError) -> Bool {
        if key.matches("true") { return true }
        if key.matches("false") { return false }
        throw error(.wrongType, "map key \(JSONReader.quote(key.text)) is not true or false")
    }

    @usableFromInline
    func mapKeyInteger(_ key: JSONKey, typeName: String, min: Int64, max: UInt64) throws(JSONError) -> (Bool, UInt64) {
        let parsed = try key.withBytes { (buffer) throws(JSONError) in
            JSONNumber.scan(buffer) == buffer.count ? JSONNumber.integer(buffer) : .invalid
        }
        switch parsed {
        case .value(let negative, let magnitude):
            let fits = negative ? magnitude <= min.magnitude : magnitude <= max
            guard fits else { throw error(.outOfRange, "map key \(JSONReader.quote(key.text)) is out of range for \(typeName)") }
            return (negative, magnitude)
        case .overflow:
            throw error(.outOfRange, "map key \(JSONReader.quote(key.text)) is out of range for \(typeName)")
        case .fraction, .invalid:
            throw error(.notAnInteger, "map key \(JSONReader.quote(key.text)) is not an integer")
        }
    }

    /// An `int32`, `sint32` or `sfixed32` map key.
    @inlinable
    public func mapKeyInt32(_ key: JSONKey) throws(JSONError) -> Int32 {
        let (negative, magnitude) = try mapKeyInteger(key, typeName: "int32", min: Int64(Int32.min), max: UInt64(Int32.max))
        return Int32(truncatingIfNeeded: negative ? 0 &- Int64(magnitude) : Int64(magnitude))
    }

    /// A `uint32` or `fixed32` map key.
    @inlinable
    public func mapKeyUInt32(_ key: JSONKey) throws(JSONError) -> UInt32 {
        let (_, magnitude) = try mapKeyInteger(key, typeName: "uint32", min: 0, max: UInt64(UInt32.max))
        return UInt32(magnitude)
    }

    /// An `int64`, `sint64` or `sfixed64` map key.
    @inlinable
    public func mapKeyInt64(_ key: JSONKey) throws(JSONError) -> Int64 {
        let (negative, magnitude) = try mapKeyInteger(key, typeName: "int64", min: Int64.min, max: UInt64(Int64.max))
        return negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude)
    }

    /// A `uint64` or `fixed64` map key.
    @inlinable
    public func mapKeyUInt64(_ key: JSONKey) throws(JSONError) -> UInt64 {
        let (_, magnitude) = try mapKeyInteger(key, typeName: "uint64", min: 0, max: UInt64.max)
        return magnitude
    }
}
