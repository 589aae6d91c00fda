import Foundation
import Store
import Synchronization
import Testing

/// The store against a real Postgres.
@Suite("Store")
struct StoreTests {
    @Test("every supported type round-trips through bound parameters")
    func typedRoundTrip() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let schema = TestDatabase.schema("types")
        try await pool.withConnection { session in
            try await session.execute("""
                CREATE SCHEMA \(schema);
                CREATE TABLE \(schema).t (
                    i8 int8, i4 int4, f8 float8, n numeric, t text, b bool, ts timestamptz,
                    u uuid, bytes bytea, j jsonb, words text[], numbers int8[], blobs bytea[], small int4[], counts int8[],
                    missing text)
                """)
        }
        let when = Date(timeIntervalSince1970: 1_741_002_407.123456)
        let id = UUID()
        let blob = Data([0, 1, 2, 0xFE, 0xFF])
        let words = ["plain", "with space", "comma,inside", "quote\"inside", "back\\slash", "ünïcode ✓", ""]
        let decimal = Decimal(string: "12345678901234567890.123456789")!
        try await pool.query(PostgresQuery(
            sql: "INSERT INTO \(schema).t VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)",
            binds: [Int64.min.postgresBind, Int32(-7).postgresBind, (-2.5).postgresBind, decimal.postgresBind,
                    "héllo 'world'".postgresBind, true.postgresBind, when.postgresBind, id.postgresBind,
                    blob.postgresBind, PostgresJSON(#"{"a": [1, 2]}"#).postgresBind, words.postgresBind,
                    [Int64(1), -2, Int64.max].postgresBind, [blob, Data(), Data([0x5C, 0x22])].postgresBind,
                    [Int32.min, 0, Int32.max].postgresBind, [Int](arrayLiteral: -1, 42).postgresBind,
                    PostgresBind(null: PostgresType.text)]))
        let rows = try await pool.query(PostgresQuery(sql: "SELECT * FROM \(schema).t"))
        #expect(rows.count == 1)
        let row = rows[0]
        #expect(try row.decode(Int64.self, "i8") == Int64.min)
        #expect(try row.decode(Int32.self, "i4") == -7)
        #expect(try row.decode(Double.self, "f8") == -2.5)
        #expect(try row.decode(Decimal.self, "n") == decimal)
        #expect(try row.decode(String.self, "t") == "héllo 'world'")
        #expect(try row.decode(Bool.self, "b") == true)
        #expect(abs(try row.decode(Date.self, "ts").timeIntervalSince(when)) < 0.000_001)
        #expect(try row.decode(UUID.self, "u") == id)
        #expect(try row.decode(Data.self, "bytes") == blob)
        #expect(try row.decode(PostgresJSON.self, "j").text == #"{"a": [1, 2]}"#)
        #expect(try row.decode([String].self, "words") == words)
        #expect(try row.decode([Int64].self, "numbers") == [1, -2, Int64.max])
        #expect(try row.decode([Data].self, "blobs") == [blob, Data(), Data([0x5C, 0x22])])
        #expect(try row.decode([Int32].self, "small") == [Int32.min, 0, Int32.max])
        #expect(try row.decode([Int].self, "counts") == [-1, 42])
        #expect(try row.decode(String?.self, "missing") == nil)
        #expect(throws: PostgresError.self) { try row.decode(String.self, "missing") }
        try await pool.query(PostgresQuery(sql: "DROP SCHEMA \(schema) CASCADE"))
    }

    @Test("a prepared statement whose result columns change is prepared again, with the new names")
    func preparedStatementShapeChange() async throws {
        let pool = TestDatabase.pool(maxConnections: 1)
        defer { pool.shutdown() }
        let schema = TestDatabase.schema("shape")
        try await pool.withConnection { session in
            try await session.execute("CREATE SCHEMA \(schema); CREATE TABLE \(schema).t (a int8); INSERT INTO \(schema).t VALUES (1)")
            let select = PostgresQuery(sql: "SELECT * FROM \(schema).t")
            for _ in 0..<3 { #expect(try await session.query(select).columns == ["a"]) }
            try await session.execute("ALTER TABLE \(schema).t RENAME COLUMN a TO renamed")
            // The server refuses the stale plan once (SQLSTATE 0A000); the next run prepares anew.
            let stale = await #expect(throws: PostgresError.self) { try await session.query(select) }
            #expect(stale?.sqlState == "0A000")
            let rows = try await session.query(select)
            #expect(rows.columns == ["renamed"])
            #expect(try rows[0].decode(Int64.self, "renamed") == 1)
            try await session.execute("DROP SCHEMA \(schema) CASCADE")
        }
    }

    @Test("a timestamp read back binds to the very same microsecond")
    func timestampsBindBackExactly() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        // Microsecond values whose Double form sits just below the integer (…999999.9…) must not lose one.
        let rows = try await pool.query("""
            SELECT t, t::text AS text FROM generate_series(0, 499) AS i,
                 LATERAL (SELECT timestamptz '2026-11-23 01:02:03+00' + i * interval '1.000007 second' AS t) AS s
            """)
        var mismatches = 0
        for row in rows {
            let instant = try row.decode(Date.self, "t")
            let echoed = try await pool.query("SELECT (\(instant) = \(row.decode(String.self, "text"))::timestamptz) AS equal")
            if try !echoed[0].decode(Bool.self, "equal") { mismatches += 1 }
        }
        #expect(rows.count == 500)
        #expect(mismatches == 0)
    }

    @Test("interpolated values are bound, never spliced into the SQL")
    func interpolationBinds() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let hostile = "x'; DROP TABLE pg_class; --"
        let query: PostgresQuery = "SELECT \(hostile)::text AS echoed, \(42)::int8 + 1 AS answer"
        #expect(query.sql == "SELECT $1::text AS echoed, $2::int8 + 1 AS answer")
        let row = try await pool.query(query)[0]
        #expect(try row.decode(String.self, "echoed") == hostile)
        #expect(try row.decode(Int.self, "answer") == 43)
    }

    @Test("a bad parameter or a wrong result type is an error, not a crash")
    func badTypes() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        await #expect(throws: PostgresError.self) {
            try await pool.query("SELECT \("not a number")::int4")
        }
        do {
            try await pool.query("SELECT \("abc")::int4")
        } catch let error as PostgresError {
            #expect(error.code == .server)
            #expect(error.sqlState == "22P02")
        }
        let row = try await pool.query("SELECT 'text'::text AS t")[0]
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "t") }
        // The connection is still fine afterwards.
        #expect(try await pool.query("SELECT 1 AS one")[0].decode(Int.self, "one") == 1)
    }

    @Test("unique and check violations carry their SQLSTATE and constraint")
    func integrityErrors() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let schema = TestDatabase.schema("integrity")
        try await pool.withConnection { session in
            try await session.execute("""
                CREATE SCHEMA \(schema);
                CREATE TABLE \(schema).agents (id text PRIMARY KEY, capacity int CONSTRAINT capacity_non_negative CHECK (capacity >= 0))
                """)
        }
        try await pool.query(PostgresQuery(sql: "INSERT INTO \(schema).agents VALUES ($1, $2)",
                                           binds: ["a1".postgresBind, 2.postgresBind]))
        do {
            try await pool.query(PostgresQuery(sql: "INSERT INTO \(schema).agents VALUES ($1, $2)",
                                               binds: ["a1".postgresBind, 2.postgresBind]))
            Issue.record("duplicate insert succeeded")
        } catch let error as PostgresError {
            #expect(error.isUniqueViolation)
        }
        do {
            try await pool.query(PostgresQuery(sql: "INSERT INTO \(schema).agents VALUES ($1, $2)",
                                               binds: ["a2".postgresBind, (-1).postgresBind]))
            Issue.record("negative capacity accepted")
        } catch let error as PostgresError {
            #expect(error.isCheckViolation)
            #expect(error.constraint == "capacity_non_negative")
        }
        try await pool.query(PostgresQuery(sql: "DROP SCHEMA \(schema) CASCADE"))
    }

    @Test("pool exhaustion gives a timeout error, not a hang")
    func poolExhaustion() async throws {
        let pool = TestDatabase.pool(maxConnections: 2, acquireTimeout: .milliseconds(200))
        defer { pool.shutdown() }
        let (release, releaser) = AsyncStream<Void>.makeStream()
        let holders = (0..<2).map { _ in
            Task {
                try await pool.withConnection { session in
                    try await session.query("SELECT 1")
                    for await _ in release { break }
                }
            }
        }
        while pool.openConnections < 2 || pool.idleConnections > 0 { try await Task.sleep(for: .milliseconds(5)) }
        let started = ContinuousClock.now
        do {
            try await pool.query("SELECT 1")
            Issue.record("a third lease succeeded past the limit")
        } catch let error as PostgresError {
            #expect(error.code == .poolTimeout)
        }
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(150) && waited < .seconds(3), "waited \(waited)")
        releaser.yield()
        releaser.yield()
        releaser.finish()
        for holder in holders { try await holder.value }
        // Once returned, the connections serve again.
        #expect(try await pool.query("SELECT 2 AS two")[0].decode(Int.self, "two") == 2)
    }

    @Test("a statement timeout fires")
    func statementTimeout() async throws {
        let pool = TestDatabase.pool(statementTimeout: .milliseconds(100))
        defer { pool.shutdown() }
        do {
            try await pool.query("SELECT pg_sleep(5)")
            Issue.record("pg_sleep(5) finished under a 100 ms statement timeout")
        } catch let error as PostgresError {
            #expect(error.isStatementTimeout, "\(error)")
        }
        #expect(try await pool.query("SELECT 3 AS three")[0].decode(Int.self, "three") == 3)
    }

    @Test("a forced serialization conflict is retried and commits once")
    func serializationRetry() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let schema = TestDatabase.schema("serial")
        try await pool.withConnection { session in
            try await session.execute("""
                CREATE SCHEMA \(schema);
                CREATE TABLE \(schema).counter (id int PRIMARY KEY, value int NOT NULL);
                INSERT INTO \(schema).counter VALUES (1, 0);
                """)
        }
        let attempts = Counter()
        // Both first attempts read before either writes: one of them must fail with 40001.
        let reads = Counter()
        let increment: @Sendable () async throws -> Void = {
            try await pool.transaction(isolation: .serializable) { session in
                attempts.increment()
                let row = try await session.query(PostgresQuery(sql: "SELECT value FROM \(schema).counter WHERE id = 1"))[0]
                let value = try row.decode(Int.self, "value")
                if reads.increment() <= 2 {
                    while reads.value < 2 { try await Task.sleep(for: .milliseconds(2)) }
                }
                try await session.query(PostgresQuery(sql: "UPDATE \(schema).counter SET value = $1 WHERE id = 1",
                                                      binds: [(value + 1).postgresBind]))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await increment() }
            group.addTask { try await increment() }
            try await group.waitForAll()
        }
        let value = try await pool.query(PostgresQuery(sql: "SELECT value FROM \(schema).counter WHERE id = 1"))[0]
            .decode(Int.self, "value")
        #expect(value == 2, "an increment was lost or applied twice")
        #expect(attempts.value == 3, "expected exactly one retry")
        try await pool.query(PostgresQuery(sql: "DROP SCHEMA \(schema) CASCADE"))
    }

    @Test("notifications arrive in order")
    func notificationsInOrder() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let channel = "baton_test_\(UInt32.random(in: 0...UInt32.max))"
        let listener = PostgresListener(configuration: pool.configuration)
        let events = try listener.events(channels: [channel])
        // LISTEN is in place once a first probe arrives.
        let received = Task {
            var payloads: [String] = []
            for await event in events {
                if case .notification(_, let payload) = event, payload != "probe" {
                    payloads.append(payload)
                    if payloads.count == 100 { break }
                }
            }
            return payloads
        }
        let probing = Counter()
        let probe = Task {
            while probing.value == 0 {
                try await pool.query("SELECT pg_notify(\(channel), 'probe')")
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        try await Task.sleep(for: .milliseconds(400))
        probing.increment()
        try await probe.value
        for index in 0..<100 {
            try await pool.query("SELECT pg_notify(\(channel), \(String(index)))")
        }
        let payloads = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask { await received.value }
            group.addTask { try await Task.sleep(for: .seconds(10)); return [] }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        #expect(payloads == (0..<100).map(String.init))
    }

    @Test("statements run pipelined in one round trip")
    func pipeline() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let schema = TestDatabase.schema("pipe")
        try await pool.withConnection { session in
            try await session.execute("CREATE SCHEMA \(schema); CREATE TABLE \(schema).log (n int)")
            let results = try await session.pipeline([
                PostgresQuery(sql: "INSERT INTO \(schema).log VALUES ($1)", binds: [1.postgresBind]),
                PostgresQuery(sql: "INSERT INTO \(schema).log VALUES ($1)", binds: [2.postgresBind]),
                PostgresQuery(sql: "SELECT count(*) AS n FROM \(schema).log"),
            ])
            #expect(results.count == 3)
            #expect(results[0].affectedRows == 1)
            #expect(try results[2][0].decode(Int.self, "n") == 2)
        }
        try await pool.query(PostgresQuery(sql: "DROP SCHEMA \(schema) CASCADE"))
    }

    @Test("commitWithoutWaitingForFlush turns synchronous commit off for its pipeline's transaction alone")
    func commitWithoutWaitingForFlush() async throws {
        let pool = TestDatabase.pool(maxConnections: 1)
        defer { pool.shutdown() }
        try await pool.withConnection { session in
            let results = try await session.pipeline([.commitWithoutWaitingForFlush, "SHOW synchronous_commit"])
            #expect(try results[1][0].decode(String.self, "synchronous_commit") == "off")
            // The same session's next transaction commits durably again.
            let after = try await session.query("SHOW synchronous_commit")
            #expect(try after[0].decode(String.self, "synchronous_commit") == "on")
        }
    }

    @Test("rows in binary format: bytea as its own bytes, integers, text, booleans and timestamps read as in text")
    func binaryResults() async throws {
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let blob = Data((0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let when = Date(timeIntervalSince1970: 1_741_002_407.123456)
        let query: PostgresQuery = """
            SELECT \(Data(blob)) AS blob, \(Int64.min)::int8 AS i8, \(Int32(-7))::int4 AS i4, (-3)::int2 AS i2, \("héllo ✓") AS t,
                   true AS b, \(when) AS ts, NULL::bytea AS missing
            """
        let textRows = try await pool.query(query)
        let text = textRows[0]
        let rows = try await pool.query(query.withBinaryResults())
        #expect(rows.isBinary && !textRows.isBinary)
        let row = rows[0]
        #expect(try row.decode(Data.self, "blob") == blob)
        #expect(try row.withUnsafeBytes(at: 0) { Data($0) } == blob)
        // The same column in text is the hex form, twice as long and more.
        #expect(try text.withUnsafeBytes(at: 0) { $0.count } == 2 + 2 * blob.count)
        #expect(try row.decode(Int64.self, "i8") == Int64.min)
        #expect(try row.decode(Int32.self, "i4") == -7)
        #expect(try row.decode(Int.self, "i2") == -3)
        #expect(try row.decode(String.self, "t") == "héllo ✓")
        #expect(try row.decode(Bool.self, "b"))
        let textTime = try text.decode(Date.self, "ts")
        #expect(try row.decode(Date.self, "ts") == textTime)
        #expect(try row.decode(Data?.self, "missing") == nil)
        // A type with no binary reader is an error naming the column, not a misread.
        #expect(throws: PostgresError.self) { try row.decode(UUID.self, at: 0) }
        #expect(throws: PostgresError.self) { try row.decode(Int32.self, "i8") }
    }

    @Test("a connection killed by the server is replaced on the next lease")
    func killedConnectionReplaced() async throws {
        let pool = TestDatabase.pool(maxConnections: 1)
        let admin = TestDatabase.pool(maxConnections: 1)
        defer { pool.shutdown(); admin.shutdown() }
        let pid = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode(Int.self, "pid")
        try await terminateBackend(pid, using: admin)
        let newPID = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode(Int.self, "pid")
        #expect(newPID != pid)
    }

    @Test("a connection follows tasks running on the pool's other loop, still the same session; a dead one reconnects there")
    func connectionMovesBetweenLoops() async throws {
        let pool = PostgresPool(configuration: .init(url: TestDatabase.url, maxConnections: 1,
                                                     applicationName: "baton-tests"), ioThreads: 2)
        let admin = TestDatabase.pool(maxConnections: 1)
        defer { pool.shutdown(); admin.shutdown() }
        let executors = pool.executors
        #expect(executors.count == 2)
        @Sendable func backend(on loop: Int) async throws -> Int {
            try await Task(executorPreference: executors[loop]) {
                try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode(Int.self, "pid")
            }.value
        }
        // Opened from one loop's task, then leased from the other's and back: one session throughout.
        let first = try await backend(on: 1)
        for loop in [0, 0, 1, 0, 1, 1] {
            #expect(try await backend(on: loop) == first)
        }
        // Killed while idle on one loop, leased from the other: it reconnects on the new one.
        try await terminateBackend(first, using: admin)
        let second = try await backend(on: 0)
        #expect(second != first)
        #expect(try await backend(on: 1) == second)
    }
}

/// Ends the server session `pid` and returns once it has really gone
/// (`pg_terminate_backend` only signals it).
func terminateBackend(_ pid: Int, using admin: PostgresPool) async throws {
    try await admin.query("SELECT pg_terminate_backend(\(Int32(pid)))")
    for _ in 0..<100 {
        let left = try await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = \(Int32(pid))")
        if try left[0].decode(Int.self, "n") == 0 { break }
        try await Task.sleep(for: .milliseconds(50))
    }
    try await Task.sleep(for: .milliseconds(100))
}

/// A shared counter for test tasks.
final class Counter: Sendable {
    private let storage = Atomic<Int>(0)

    /// Adds one; returns the new value.
    @discardableResult
    func increment() -> Int { storage.add(1, ordering: .relaxed).newValue }

    var value: Int { storage.load(ordering: .relaxed) }
}
