/// The rows a statement returned, copied out of libpq's result (which is
/// freed at once): one byte buffer plus cell offsets.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// Column names, in order.
    public let columns: [String]
    /// Column type OIDs, in order.
    public let types: [UInt32]
    /// Rows inserted, updated or deleted (from the command tag), or rows returned by a SELECT.
    public let affectedRows: Int
    /// Whether the values are in binary format (``PostgresQuery/withBinaryResults()``), else text.
    public let isBinary: Bool
    let storage: [UInt8]
    /// Per cell: start offset into `storage`, or -1 for NULL; then its length.
    let cells: [(start: Int32, length: Int32)]

    init(columns: [String], types: [UInt32], affectedRows: Int, isBinary: Bool, storage: [UInt8], cells: [(start: Int32, length: Int32)]) {
        self.columns = columns
        self.types = types
        self.affectedRows = affectedRows
        self.isBinary = isBinary
        self.storage = storage
        self.cells = cells
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.isEmpty ? 0 : cells.count / columns.count }

    public subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, index: position)
    }

    /// The index of the column called `name`.
    public func column(named name: String) -> Int? {
        columns.firstIndex(of: name)
    }
}

/// One row; read its columns by position or name.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int

    /// Whether the column is NULL.
    public func isNull(_ column: Int) -> Bool {
        rows.cells[index * rows.columns.count + column].start < 0
    }

    /// Reads column `column` as `T`; NULL is an error (read `T?` to allow it).
    public func decode<T: PostgresDecodable>(_: T.Type, at column: Int) throws(PostgresError) -> T {
        guard column >= 0 && column < rows.columns.count else {
            throw PostgresError(.decoding, "no column \(column) in a row of \(rows.columns.count)")
        }
        let cell = rows.cells[index * rows.columns.count + column]
        guard cell.start >= 0 else {
            throw PostgresError(.decoding, "column '\(rows.columns[column])' is NULL; read it as \(T.self)?")
        }
        let type = rows.types[column]
        if rows.isBinary {
            guard let binary = T.self as? any PostgresBinaryDecodable.Type else {
                throw PostgresError(.decoding, "column '\(rows.columns[column])' is in binary format, which \(T.self) cannot read")
            }
            return try rows.storage.withUnsafeBytes { raw in
                Result { () throws(PostgresError) -> T in
                    try binary.decode(postgresBinary: UnsafeRawBufferPointer(rebasing: raw[Int(cell.start)..<Int(cell.start + cell.length)]),
                                      type: type) as! T
                }
            }.get()
        }
        return try rows.storage.withUnsafeBytes { raw in
            Result { () throws(PostgresError) -> T in
                try T.decode(postgres: UnsafeRawBufferPointer(rebasing: raw[Int(cell.start)..<Int(cell.start + cell.length)]),
                             type: type)
            }
        }.get()
    }

    /// Reads column `column` as `T`, in either format, with no dynamic cast
    /// (what Verify's page of a million rows needs); NULL is an error.
    public func decode<T: PostgresBinaryDecodable>(_: T.Type, at column: Int) throws(PostgresError) -> T {
        guard rows.isBinary else { return try decodeText(T.self, at: column) }
        do {
            return try withUnsafeBytes(at: column) { bytes in try T.decode(postgresBinary: bytes, type: rows.types[column]) }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(.decoding, "\(error)")
        }
    }

    private func decodeText<T: PostgresDecodable>(_: T.Type, at column: Int) throws(PostgresError) -> T {
        try decode(T.self, at: column)
    }

    /// Calls `body` with column `column`'s bytes as the server sent them
    /// (text, or binary for ``PostgresQuery/withBinaryResults()``), without
    /// copying; NULL is an error. The bytes are valid only inside `body`.
    public func withUnsafeBytes<R>(at column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard column >= 0 && column < rows.columns.count else {
            throw PostgresError(.decoding, "no column \(column) in a row of \(rows.columns.count)")
        }
        let cell = rows.cells[index * rows.columns.count + column]
        guard cell.start >= 0 else {
            throw PostgresError(.decoding, "column '\(rows.columns[column])' is NULL; read it as an optional")
        }
        return try rows.storage.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[Int(cell.start)..<Int(cell.start + cell.length)]))
        }
    }

    /// Reads column `column` as `T`, or nil when NULL.
    public func decode<T: PostgresDecodable>(_: T?.Type, at column: Int) throws(PostgresError) -> T? {
        guard column >= 0 && column < rows.columns.count else {
            throw PostgresError(.decoding, "no column \(column) in a row of \(rows.columns.count)")
        }
        return isNull(column) ? nil : try decode(T.self, at: column)
    }

    /// Reads the column called `name`.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ name: String) throws(PostgresError) -> T {
        guard let column = rows.column(named: name) else { throw PostgresError(.decoding, "no column '\(name)'") }
        return try decode(type, at: column)
    }

    /// Reads the column called `name`, or nil when NULL.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, _ name: String) throws(PostgresError) -> T? {
        guard let column = rows.column(named: name) else { throw PostgresError(.decoding, "no column '\(name)'") }
        return try decode(type, at: column)
    }
}
