internal import CLibPQ
import Foundation

/// Where a request's outcome goes: a continuation that never throws, so
/// the error stays typed on the way back (no existential box, no cast).
/// Unchecked: the connection resumes it exactly once, from `start` when the
/// request cannot be sent, else from `finish` or `fail` when it ends (and
/// the loop fails what it still holds when it stops), and the per-statement
/// canary allocation of a checked continuation is measurable here.
typealias PostgresCompletion = UnsafeContinuation<Result<[PostgresRows], PostgresError>, Never>

/// What a caller asks of a connection.
enum PostgresRequest: Sendable {
    /// One statement with bound parameters (prepared on first use).
    case query(PostgresQuery)
    /// SQL text without parameters, possibly several statements (simple protocol).
    case execute(String)
    /// Statements sent together, read together: one round trip.
    case pipeline([PostgresQuery])
}

/// One libpq connection, driven asynchronously by a ``PostgresIOLoop``
/// thread: requests are written with libpq's non-blocking API in pipeline
/// mode and results read as the socket becomes readable, so no thread
/// blocks on the network and many connections share one thread, as
/// pgbench's do. Confined to its loop's thread after registration (the
/// blocking connect happens before, on a thread of its own).
///
/// Statements are prepared on first use and cached by SQL text; preparing
/// and executing go in the same round trip. Every `PGresult` is cleared on
/// every path.
final class PostgresConnection {
    let handle: OpaquePointer
    private var prepared: [String: PreparedStatement] = [:]
    private var nextStatement = 0
    static let maxPreparedStatements = 512

    /// A statement prepared on this connection, and the columns its last
    /// result had, so repeated executions reuse one copy of the names. A
    /// class: a request holds it and updates the shape without a second lookup.
    private final class PreparedStatement {
        let name: String
        var columns: [String] = []
        var types: [UInt32] = []

        init(name: String) {
            self.name = name
        }
    }

    /// A request in flight: what results to expect, in order, and what came
    /// back. A class: results mutate it in place, without copying its fields.
    private final class InFlight {
        enum Expectation {
            /// A statement being prepared under this name for this SQL.
            case prepare(sql: String, name: String)
            /// Rows (or a command tag) for the caller.
            case rows
            /// The end of a pipeline batch.
            case sync
            /// Results until libpq says the command is done (outside pipeline mode).
            case untilDone
        }

        /// A prepared statement executed alone: one expectation, shared.
        static let single: [Expectation] = [.untilDone]

        var expectations: [Expectation]
        var next = 0
        var rows: [PostgresRows] = []
        var error: PostgresError?
        /// A single prepared statement, whose column names are reused.
        let statement: PreparedStatement?
        let completion: PostgresCompletion

        init(expectations: [Expectation], statement: PreparedStatement?, completion: PostgresCompletion) {
            self.expectations = expectations
            self.statement = statement
            self.completion = completion
        }
    }

    private var inFlight: InFlight?
    private var inPipelineMode = false
    /// Whether libpq holds output the socket would not take yet (poll for writability).
    private(set) var hasPendingOutput = false

    /// Connects (blocking: call it on a thread of its own). `parameters` are
    /// libpq keywords; `dbname` may be a URL.
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

    /// The socket, for polling.
    var socket: Int32 { PQsocket(handle) }

    /// Whether a request is in flight.
    var isBusy: Bool { inFlight != nil }

    /// Switches to non-blocking I/O; done once before the loop takes the connection.
    func prepareForLoop() throws(PostgresError) {
        guard PQsetnonblocking(handle, 1) == 0 else {
            throw PostgresError(.protocolError, "cannot switch to non-blocking mode: \(Self.message(handle))")
        }
    }

    /// Runs SQL synchronously (blocking; only before the connection joins a loop).
    func executeBlocking(_ sql: String) throws(PostgresError) {
        guard let result = PQexec(handle, sql) else {
            throw PostgresError(.connectionLost, Self.message(handle))
        }
        defer { PQclear(result) }
        try Self.check(result, handle)
    }

    // MARK: Async protocol (on the loop thread)

    /// Sends a request; output the socket does not take yet stays buffered
    /// (``hasPendingOutput``) until ``flush()``.
    func start(_ request: PostgresRequest, completion: PostgresCompletion) {
        precondition(inFlight == nil, "one request at a time per connection")
        var expectations: [InFlight.Expectation] = []
        var statement: PreparedStatement?
        do throws(PostgresError) {
            switch request {
            case .query(let query):
                if let known = prepared[query.sql] {
                    // Already prepared: one Bind/Execute/Sync outside pipeline
                    // mode, as pgbench -M prepared sends it (no sync result to read).
                    try exitPipelineMode()
                    try sendPrepared(query, name: known.name)
                    expectations = InFlight.single
                    statement = known
                } else {
                    try enterPipelineMode()
                    try send(query, into: &expectations)
                    try sync(into: &expectations)
                }
            case .pipeline(let queries):
                try enterPipelineMode()
                for query in queries { try send(query, into: &expectations) }
                try sync(into: &expectations)
            case .execute(let sql):
                try exitPipelineMode()
                guard PQsendQuery(handle, sql) == 1 else { throw lostOrProtocol("sending SQL") }
                expectations = InFlight.single
            }
        } catch {
            completion.resume(returning: .failure(error))
            return
        }
        inFlight = InFlight(expectations: expectations, statement: statement, completion: completion)
        flush()
    }

    /// Writes buffered output, as much as the socket takes.
    func flush() {
        hasPendingOutput = PQflush(handle) == 1
    }

    /// Reads what arrived. Returns false when the connection is broken (the
    /// request in flight, if any, has been failed).
    func readAvailable() -> Bool {
        guard PQconsumeInput(handle) == 1 else {
            fail(PostgresError(.connectionLost, Self.message(handle)))
            return false
        }
        while inFlight != nil && PQisBusy(handle) == 0 {
            let result = PQgetResult(handle)
            advance(with: result)
            if let result { PQclear(result) }
        }
        if PQstatus(handle) != CONNECTION_OK {
            fail(PostgresError(.connectionLost, Self.message(handle)))
            return false
        }
        return true
    }

    /// Fails the request in flight (the connection broke or is being closed).
    func fail(_ error: PostgresError) {
        guard let request = inFlight else { return }
        inFlight = nil
        request.completion.resume(returning: .failure(error))
    }

    private func advance(with result: OpaquePointer?) {
        guard let inFlight else { return }
        switch inFlight.expectations[inFlight.next] {
        case .untilDone:
            guard let result else {
                finish()
                return
            }
            record(result, into: inFlight)
        case .sync:
            // Skip stray NULLs between results; the sync result ends the batch.
            if let result, PQresultStatus(result) == PGRES_PIPELINE_SYNC { finish() }
        case .prepare(let sql, let name):
            guard let result else {
                inFlight.next += 1
                return
            }
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK {
                prepared[sql] = PreparedStatement(name: name)
            } else if status != PGRES_PIPELINE_ABORTED {
                do { try Self.check(result, handle) } catch { inFlight.error = inFlight.error ?? error }
            }
        case .rows:
            guard let result else {
                inFlight.next += 1
                return
            }
            // PIPELINE_ABORTED: an earlier statement failed; its error is already recorded.
            if PQresultStatus(result) != PGRES_PIPELINE_ABORTED { record(result, into: inFlight) }
        }
    }

    /// Keeps a result's rows, or its error.
    private func record(_ result: OpaquePointer, into inFlight: InFlight) {
        do {
            try Self.check(result, handle)
            guard let statement = inFlight.statement else {
                inFlight.rows.append(Self.rows(result, columns: nil, types: nil))
                return
            }
            let rows = Self.rows(result, columns: statement.columns, types: statement.types)
            if rows.columns.count != statement.columns.count || rows.types != statement.types {
                statement.columns = rows.columns
                statement.types = rows.types
            }
            inFlight.rows.append(rows)
        } catch {
            inFlight.error = inFlight.error ?? error
        }
    }

    private func finish() {
        guard let request = inFlight else { return }
        inFlight = nil
        if let error = request.error {
            if error.sqlState == "26000" || error.sqlState == "0A000" {
                // A statement vanished or no longer fits the schema: prepare again next time.
                prepared.removeAll()
            }
            request.completion.resume(returning: .failure(error))
        } else {
            request.completion.resume(returning: .success(request.rows))
        }
    }

    private func enterPipelineMode() throws(PostgresError) {
        guard !inPipelineMode else { return }
        guard PQenterPipelineMode(handle) == 1 else { throw lostOrProtocol("entering pipeline mode") }
        inPipelineMode = true
    }

    private func exitPipelineMode() throws(PostgresError) {
        guard inPipelineMode else { return }
        guard PQexitPipelineMode(handle) == 1 else { throw lostOrProtocol("leaving pipeline mode") }
        inPipelineMode = false
    }

    private func send(_ query: PostgresQuery, into expectations: inout [InFlight.Expectation]) throws(PostgresError) {
        let name: String
        if let known = prepared[query.sql] {
            name = known.name
        } else {
            if prepared.count >= Self.maxPreparedStatements {
                // Forget the cache; the server keeps the old statements until the session ends.
                prepared.removeAll()
            }
            nextStatement += 1
            name = "baton_\(nextStatement)"
            let types = query.binds.map(\.type)
            let sent = types.withUnsafeBufferPointer { types in
                PQsendPrepare(handle, name, query.sql, Int32(types.count), types.baseAddress)
            }
            guard sent == 1 else { throw lostOrProtocol("preparing a statement") }
            expectations.append(.prepare(sql: query.sql, name: name))
        }
        try sendPrepared(query, name: name)
        expectations.append(.rows)
    }

    private func sendPrepared(_ query: PostgresQuery, name: String) throws(PostgresError) {
        let sent = Self.withParameters(query.binds) { count, values, lengths, formats in
            PQsendQueryPrepared(handle, name, count, values, lengths, formats, query.binaryResults ? 1 : 0)
        }
        guard sent == 1 else { throw lostOrProtocol("sending a statement") }
    }

    private func sync(into expectations: inout [InFlight.Expectation]) throws(PostgresError) {
        guard PQpipelineSync(handle) == 1 else { throw lostOrProtocol("pipeline sync") }
        expectations.append(.sync)
    }

    /// A send that failed: with the connection gone, the statement never left.
    private func lostOrProtocol(_ what: String) -> PostgresError {
        PQstatus(handle) == CONNECTION_BAD
            ? PostgresError(.connectionUnavailable, "\(what): \(Self.message(handle))")
            : PostgresError(.protocolError, "\(what): \(Self.message(handle))")
    }

    private static func withParameters<T>(
        _ binds: [PostgresBind],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T
    ) -> T {
        // One scratch block, on the stack where it fits: libpq's value
        // pointers, then lengths and formats, then a NUL-terminated copy of
        // every value. NULLs get a nil pointer.
        let count = binds.count
        var byteCount = 0
        for bind in binds { byteCount += (bind.bytes?.count ?? 0) + 1 }
        let headerSize = count * (MemoryLayout<UnsafePointer<CChar>?>.stride + 2 * MemoryLayout<Int32>.stride)
        return withUnsafeTemporaryAllocation(byteCount: max(1, headerSize + byteCount),
                                             alignment: MemoryLayout<UnsafePointer<CChar>?>.alignment) { scratch in
            let base = scratch.baseAddress!
            let values = base.bindMemory(to: UnsafePointer<CChar>?.self, capacity: count)
            let sizes = (base + count * MemoryLayout<UnsafePointer<CChar>?>.stride).bindMemory(to: Int32.self, capacity: 2 * count)
            var data = (base + headerSize).assumingMemoryBound(to: CChar.self)
            for index in 0..<count {
                let bind = binds[index]
                sizes[count + index] = bind.isBinary ? 1 : 0
                guard let bytes = bind.bytes else {
                    values[index] = nil
                    sizes[index] = 0
                    continue
                }
                bytes.withUnsafeBytes { source in
                    if let source = source.baseAddress { UnsafeMutableRawPointer(data).copyMemory(from: source, byteCount: bytes.count) }
                }
                data[bytes.count] = 0
                values[index] = UnsafePointer(data)
                sizes[index] = Int32(bytes.count)
                data += bytes.count + 1
            }
            return body(Int32(count), UnsafePointer(values), UnsafePointer(sizes), UnsafePointer(sizes + count))
        }
    }

    /// Throws the error a failed result carries.
    private static func check(_ result: OpaquePointer, _ connection: OpaquePointer) throws(PostgresError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_PIPELINE_SYNC:
            return
        default:
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            let constraint = PQresultErrorField(result, Int32(UInt8(ascii: "n"))).map { String(cString: $0) }
            let message = primary ?? String(cString: PQresultErrorMessage(result))
            if sqlState == nil || PQstatus(connection) == CONNECTION_BAD {
                throw PostgresError(.connectionLost, message.isEmpty ? Self.message(connection) : message, sqlState: sqlState)
            }
            throw PostgresError(.server, message, sqlState: sqlState, constraint: constraint)
        }
    }

    /// Copies a result out. `columns` and `types` are the statement's last
    /// shape: reused when the types still match (a changed result type makes
    /// the server reject the prepared statement, so names cannot drift alone).
    private static func rows(_ result: OpaquePointer, columns knownColumns: [String]?, types knownTypes: [UInt32]?) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String]
        var types: [UInt32]
        if let knownColumns, let knownTypes, knownTypes.count == columnCount,
           (0..<columnCount).allSatisfy({ knownTypes[$0] == PQftype(result, Int32($0)) }) {
            columns = knownColumns
            types = knownTypes
        } else {
            columns = []
            types = []
            columns.reserveCapacity(columnCount)
            types.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                columns.append(String(cString: PQfname(result, Int32(column))))
                types.append(PQftype(result, Int32(column)))
            }
        }
        var total = 0
        for row in 0..<rowCount {
            for column in 0..<columnCount { total += Int(PQgetlength(result, Int32(row), Int32(column))) }
        }
        var storage: [UInt8] = []
        storage.reserveCapacity(total)
        var cells: [(start: Int32, length: Int32)] = []
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
        return PostgresRows(columns: columns, types: types, affectedRows: affectedRows(result) ?? rowCount,
                            isBinary: columnCount > 0 && PQfformat(result, 0) == 1, storage: storage, cells: cells)
    }

    /// The row count of the command tag ("INSERT 0 5" gives 5), read in place; nil when it has none.
    private static func affectedRows(_ result: OpaquePointer) -> Int? {
        guard var digit = PQcmdTuples(result), digit.pointee != 0 else { return nil }
        var count = 0
        while digit.pointee >= 0x30 && digit.pointee <= 0x39 {
            count = count &* 10 &+ Int(digit.pointee - 0x30)
            digit += 1
        }
        return digit.pointee == 0 ? count : nil
    }
}

extension PostgresConnection {
    /// A notification received on a LISTEN channel.
    struct Notification {
        var channel: String
        var payload: String
    }

    /// Waits up to `timeout` milliseconds for input, then returns the notifications
    /// that arrived. Throws when the connection broke. (Listener thread only.)
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
