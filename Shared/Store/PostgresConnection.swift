internal import CLibPQ
import Foundation

/// One libpq connection. Every method blocks, so it is only ever called on
/// the connection's own worker queue (see ``PostgresWorker``), never on an
/// event loop, and never from two threads at once.
///
/// Statements are prepared on first use and cached by SQL text. Every
/// `PGresult` is cleared on every path.
final class PostgresConnection {
    let handle: OpaquePointer
    private var prepared: [String: String] = [:]
    private var nextStatement = 0
    static let maxPreparedStatements = 512

    /// Connects (blocking). `parameters` are libpq keywords; `dbname` may be a URL.
    init(parameters: [(String, String)]) throws(PostgresError) {
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connection = keywords.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { vals in
                keys.withMemoryRebound(to: UnsafePointer<CChar>?.self) { keys in
                    vals.withMemoryRebound(to: UnsafePointer<CChar>?.self) { vals in
                        PQconnectdbParams(keys.baseAddress, vals.baseAddress, 1)
                    }
                }
            }
        }
        guard let connection else { throw PostgresError(.connectionFailed, "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.message(connection)
            PQfinish(connection)
            throw PostgresError(.connectionFailed, message)
        }
        // Server notices (a restart's goodbye) would go to stderr; errors reach callers anyway.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit {
        PQfinish(handle)
    }

    static func message(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the connection still looks usable: reads whatever the server
    /// sent meanwhile (a restart's goodbye, an EOF) without blocking.
    var isHealthy: Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        // Reading pending input notices a closed socket.
        if PQconsumeInput(handle) == 0 { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether the session is inside a transaction block.
    var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Reconnects with the same parameters (blocking); prepared statements are gone after it.
    func reset() -> Bool {
        PQreset(handle)
        prepared.removeAll()
        return PQstatus(handle) == CONNECTION_OK
    }

    // MARK: Statements

    /// Runs a statement with bound parameters (prepared and cached on first use).
    func query(_ query: PostgresQuery) throws(PostgresError) -> PostgresRows {
        let name = try statementName(for: query)
        let result = withParameters(query.binds) { count, values, lengths, formats in
            PQexecPrepared(handle, name, count, values, lengths, formats, 0)
        }
        do {
            return try consume(result)
        } catch let error where error.sqlState == "0A000" || error.sqlState == "26000" {
            // The cached plan no longer fits (schema changed) or the statement vanished: prepare again once.
            prepared[query.sql] = nil
            let name = try statementName(for: query)
            return try consume(withParameters(query.binds) { count, values, lengths, formats in
                PQexecPrepared(handle, name, count, values, lengths, formats, 0)
            })
        }
    }

    /// Runs SQL without parameters, possibly several statements (migrations, BEGIN, COMMIT).
    func execute(_ sql: String) throws(PostgresError) {
        _ = try consume(PQexec(handle, sql))
    }

    /// Runs statements in pipeline mode: all are sent before any result is
    /// read, one round trip for the batch. Each runs in its own implicit
    /// transaction up to the sync point; the first error fails the batch.
    func pipeline(_ queries: [PostgresQuery]) throws(PostgresError) -> [PostgresRows] {
        var names: [String] = []
        for query in queries { names.append(try statementName(for: query)) }
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError(.protocolError, "cannot enter pipeline mode: \(Self.message(handle))")
        }
        defer { _ = PQexitPipelineMode(handle) }
        for (query, name) in zip(queries, names) {
            let sent = withParameters(query.binds) { count, values, lengths, formats in
                PQsendQueryPrepared(handle, name, count, values, lengths, formats, 0)
            }
            guard sent == 1 else { throw lostOrProtocol("sending a pipelined statement") }
        }
        guard PQpipelineSync(handle) == 1 else { throw lostOrProtocol("pipeline sync") }
        var results: [PostgresRows] = []
        var firstError: PostgresError?
        for _ in queries {
            guard let result = PQgetResult(handle) else { throw lostOrProtocol("reading a pipelined result") }
            do {
                let rows = try consume(result)
                results.append(rows)
            } catch {
                firstError = firstError ?? error
            }
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        // The sync point's result.
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if let firstError { throw firstError }
        return results
    }

    private func lostOrProtocol(_ what: String) -> PostgresError {
        PQstatus(handle) == CONNECTION_BAD
            ? PostgresError(.connectionLost, "\(what): \(Self.message(handle))")
            : PostgresError(.protocolError, "\(what): \(Self.message(handle))")
    }

    private func statementName(for query: PostgresQuery) throws(PostgresError) -> String {
        if let name = prepared[query.sql] { return name }
        if prepared.count >= Self.maxPreparedStatements {
            try execute("DEALLOCATE ALL")
            prepared.removeAll()
        }
        nextStatement += 1
        let name = "baton_\(nextStatement)"
        let types = query.binds.map { $0.type }
        let result = types.withUnsafeBufferPointer { types in
            PQprepare(handle, name, query.sql, Int32(types.count), types.baseAddress)
        }
        _ = try consume(result)
        prepared[query.sql] = name
        return name
    }

    private func withParameters<T>(
        _ binds: [PostgresBind],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T
    ) -> T {
        // One buffer for every value; NULLs get a nil pointer.
        var storage: [CChar] = []
        storage.reserveCapacity(binds.reduce(0) { $0 + ($1.bytes?.count ?? 0) + 1 })
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for bind in binds {
            if let bytes = bind.bytes {
                offsets.append(storage.count)
                storage.append(contentsOf: bytes.map { CChar(bitPattern: $0) })
                storage.append(0)
                lengths.append(Int32(bytes.count))
            } else {
                offsets.append(nil)
                lengths.append(0)
            }
            formats.append(bind.isBinary ? 1 : 0)
        }
        return storage.withUnsafeBufferPointer { raw in
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { raw.baseAddress! + $0 } }
            return values.withUnsafeBufferPointer { values in
                lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in
                        body(Int32(binds.count), values.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }

    /// Turns a result into rows or an error, and clears it.
    private func consume(_ result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        guard let result else {
            throw PQstatus(handle) == CONNECTION_BAD
                ? PostgresError(.connectionLost, Self.message(handle))
                : PostgresError(.protocolError, Self.message(handle))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Self.rows(result)
        default:
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let constraint = PQresultErrorField(result, Int32(UInt8(ascii: "n"))).map { String(cString: $0) }
            let message = primary ?? String(cString: PQresultErrorMessage(result))
            if sqlState == nil || PQstatus(handle) == CONNECTION_BAD {
                throw PostgresError(.connectionLost, message.isEmpty ? Self.message(handle) : message, sqlState: sqlState)
            }
            throw PostgresError(.server, message, sqlState: sqlState, constraint: constraint)
        }
    }

    private static func rows(_ result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String] = []
        var types: [UInt32] = []
        for column in 0..<columnCount {
            columns.append(String(cString: PQfname(result, Int32(column))))
            types.append(PQftype(result, Int32(column)))
        }
        var total = 0
        for row in 0..<rowCount {
            for column in 0..<columnCount { total += Int(PQgetlength(result, Int32(row), Int32(column))) }
        }
        var storage: [UInt8] = []
        storage.reserveCapacity(total)
        var cells: [(Int32, Int32)] = []
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    cells.append((-1, 0))
                    continue
                }
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                cells.append((Int32(storage.count), Int32(length)))
                if let value = PQgetvalue(result, Int32(row), Int32(column)) {
                    value.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                        storage.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
                    }
                }
            }
        }
        let tuples = String(cString: PQcmdTuples(result))
        let affected = Int(tuples) ?? rowCount
        return PostgresRows(columns: columns, types: types, affectedRows: affected, storage: storage, cells: cells)
    }
}

extension PostgresConnection {
    /// A notification received on a LISTEN channel.
    struct Notification {
        var channel: String
        var payload: String
    }

    /// Waits up to `timeout` milliseconds for input, then returns the notifications
    /// that arrived. Throws when the connection broke.
    func awaitNotifications(timeoutMilliseconds: Int32) throws(PostgresError) -> [Notification] {
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready < 0 && errno != EINTR {
            throw PostgresError(.connectionLost, "poll failed: errno \(errno)")
        }
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(.connectionLost, Self.message(handle))
        }
        var received: [Notification] = []
        while let notification = PQnotifies(handle) {
            received.append(Notification(channel: String(cString: notification.pointee.relname),
                                         payload: String(cString: notification.pointee.extra)))
            PQfreemem(notification)
        }
        return received
    }
}
