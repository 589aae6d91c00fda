import Wire

/// Reads the small JSON documents of JOSE (a JWT's header and claims set, a
/// JWKS and its keys) with Wire's strict ``JSONReader``: RFC 8259 grammar,
/// UTF-8 checked, nesting bounded, trailing bytes refused.
enum JOSEJSON {
    /// Nesting allowed in a header, a claims set or a JWKS: none of them needs
    /// more than a few levels; the bound keeps skipping unknown members cheap.
    static let options = JSONDecodingOptions(ignoreUnknownFields: true, maxDepth: 16)

    /// Reads `bytes` as one JSON object, calling `member` with each member
    /// name and the reader on its value (which `member` must consume).
    static func readDocument(
        _ bytes: [UInt8], member: (String, inout JSONReader) throws(JSONError) -> Void
    ) throws(JSONError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in
                var reader = JSONReader(buffer: buffer, options: options)
                try readObject(&reader, member: member)
                try reader.finish()
            }
        }.get()
    }

    /// Reads the object at the reader. A member name given twice is refused:
    /// RFC 7515 §4 and RFC 7519 §4 allow a parser to, and a second `alg`,
    /// `exp` or `x` must never silently replace the first.
    static func readObject(
        _ reader: inout JSONReader, member: (String, inout JSONReader) throws(JSONError) -> Void
    ) throws(JSONError) {
        try reader.beginObject()
        var seen: Set<String> = []
        while let key = try reader.nextKey() {
            let name = key.text
            guard seen.insert(name).inserted else { throw reader.duplicateField().prefixed(field: name) }
            do {
                try member(name, &reader)
            } catch {
                throw error.prefixed(field: name)
            }
        }
    }

    /// Whether the value at the reader is a JSON string (the reader does not move).
    static func nextIsString(_ reader: JSONReader) -> Bool {
        var probe = reader
        return (try? probe.readStringKey()) != nil
    }

    /// A NumericDate (RFC 7519 §2): a JSON number of whole seconds. Wire's
    /// integer reader also takes a number in quotes, which a JWT may not use.
    static func readNumericDate(_ reader: inout JSONReader) throws(JSONError) -> Int64 {
        guard !nextIsString(reader) else {
            throw reader.error(.wrongType, "expected a number of seconds, found a string")
        }
        return try reader.readInt64()
    }

    /// A string or an array of strings (as `aud` may be, RFC 7519 §4.1.3).
    static func readStrings(_ reader: inout JSONReader) throws(JSONError) -> [String] {
        if nextIsString(reader) { return [try reader.readString()] }
        try reader.beginArray()
        var strings: [String] = []
        while try reader.nextElement() {
            do {
                strings.append(try reader.readString())
            } catch {
                throw error.prefixed(.index(strings.count))
            }
        }
        return strings
    }
}
