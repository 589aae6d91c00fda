/// A statement with its parameters bound, never spliced: every interpolated
/// value becomes `$n` and travels separately.
///
/// ```swift
/// let query: PostgresQuery = "SELECT name FROM router.agents WHERE tenant_id = \(tenant) AND id = \(agentID)"
/// ```
public struct PostgresQuery: ExpressibleByStringInterpolation, Sendable, Hashable {
    /// The SQL text with `$1`, `$2`, ... placeholders.
    public var sql: String
    /// The values, in placeholder order.
    public var binds: [PostgresBind]
    /// Whether the rows come back in binary format (``withBinaryResults()``).
    public var binaryResults = false

    /// A statement with explicit placeholders and values.
    public init(sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    /// This statement with its rows in binary format: a bytea arrives as its
    /// own bytes rather than as hex text twice as long, an integer as its
    /// big-endian bytes. For reads of many large values; columns are read as
    /// ``PostgresBinaryDecodable`` types or raw (``PostgresRow/withUnsafeBytes(at:_:)``).
    public func withBinaryResults() -> PostgresQuery {
        var query = self
        query.binaryResults = true
        return query
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Builds the SQL and binds.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql = ""
        var binds: [PostgresBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            binds.append(value.postgresBind)
            appendPlaceholder()
        }

        /// Binds a value or SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value?.postgresBind ?? PostgresBind(null: Value.postgresType))
            appendPlaceholder()
        }

        /// Writes a constant of the program, such as a stored state of an
        /// enum, into the SQL text rather than binding it: the planner matches
        /// a partial index's predicate (`WHERE state = 1`) only against
        /// constants it sees, and a cached generic plan of a bound state
        /// cannot use that index. Only for values the program defines, never
        /// for input: the type is an enum with an integer raw value.
        public mutating func appendInterpolation<Value: RawRepresentable & Sendable>(constant value: Value)
        where Value.RawValue: FixedWidthInteger {
            sql += String(value.rawValue)
        }

        /// Constants of the program as a comma-separated list, for `IN (...)`;
        /// see ``appendInterpolation(constant:)``.
        public mutating func appendInterpolation<Value: RawRepresentable & Sendable>(constants values: [Value])
        where Value.RawValue: FixedWidthInteger {
            sql += values.map { String($0.rawValue) }.joined(separator: ", ")
        }

        /// `$n` for the bind just added (a small string: no allocation).
        private mutating func appendPlaceholder() {
            sql.append("$")
            sql.append(String(binds.count))
        }
    }
}

/// One parameter value as libpq sends it.
public struct PostgresBind: Sendable, Hashable {
    /// The value's bytes (text format unless `isBinary`), or nil for NULL.
    public var bytes: [UInt8]?
    /// Whether `bytes` is in binary format (used for bytea).
    public var isBinary: Bool
    /// The parameter's type OID (0 lets the server infer it).
    public var type: UInt32

    /// A text-format value.
    public init(text: String, type: UInt32) {
        self.bytes = Array(text.utf8)
        self.isBinary = false
        self.type = type
    }

    /// An integer in text format, its digits written straight into the bytes.
    public init(decimal value: Int64, type: UInt32) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        var magnitude = value.magnitude
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 { bytes.append(0x2D) }
        bytes.reverse()
        self.bytes = bytes
        self.isBinary = false
        self.type = type
    }

    /// A binary-format value.
    public init(binary: [UInt8], type: UInt32) {
        self.bytes = binary
        self.isBinary = true
        self.type = type
    }

    /// SQL NULL of a type.
    public init(null type: UInt32) {
        self.bytes = nil
        self.isBinary = false
        self.type = type
    }
}
