import Foundation
import Store
import TestSupport
import Testing

/// Faults and races: a database restart under load, replicas migrating at once.
@Suite("Store faults", .serialized)
struct StoreFaultTests {
    @Test("two processes racing to migrate apply each migration exactly once")
    func migrationRace() async throws {
        let schema = TestDatabase.schema("race")
        let racer = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("MigrationRacer").path
        let url = TestDatabase.url
        async let first = Subprocess.runDetached(racer, [url, schema])
        async let second = Subprocess.runDetached(racer, [url, schema])
        var outputs: [String] = []
        for result in try await [first, second] {
            outputs.append(result.text)
            #expect(result.status == 0)
        }
        // One process applied everything, the other found nothing left to do.
        #expect(outputs.sorted() == ["applied [1, 2, 3]\n", "applied []\n"], "\(outputs)")
        let pool = TestDatabase.pool()
        defer { pool.shutdown() }
        let logged = try await pool.query(PostgresQuery(sql: "SELECT version FROM \(schema).log ORDER BY version"))
        #expect(try logged.map { try $0.decode(Int.self, at: 0) } == [1, 2, 3])
        let recorded = try await pool.query(PostgresQuery(sql: "SELECT version FROM \(schema).schema_migrations ORDER BY version"))
        #expect(try recorded.map { try $0.decode(Int.self, at: 0) } == [1, 2, 3])
        try await pool.query(PostgresQuery(sql: "DROP SCHEMA \(schema) CASCADE"))
    }

    @Test("pg_ctl restart under load: in-flight queries fail as lost connections, later ones succeed")
    func restartUnderLoad() async throws {
        // A cluster of its own, so that restarting it does not disturb other tests.
        let state = TestDatabase.repositoryRoot.appendingPathComponent(".baton/pg-restart-test").path
        let environment = ["BATON_PG_STATE": state, "BATON_PG_PORT": "54331"]
        let url = try await TestDatabase.postgres(["start"], environment: environment)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let pool = TestDatabase.pool(maxConnections: 4, url: url)

        let restarted = Counter()
        let results = try await withThrowingTaskGroup(of: [Result<Void, PostgresError>].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var results: [Result<Void, PostgresError>] = []
                    var afterRestart = 0
                    let started = ContinuousClock.now
                    while afterRestart < 20 && ContinuousClock.now - started < .seconds(30) {
                        do {
                            try await pool.query("SELECT pg_sleep(0.02)")
                            results.append(.success(()))
                        } catch let error as PostgresError {
                            results.append(.failure(error))
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        if restarted.value > 0 { afterRestart += 1 }
                    }
                    return results
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(500))
                try await TestDatabase.postgres(["restart"], environment: environment)
                restarted.increment()
                return []
            }
            var all: [[Result<Void, PostgresError>]] = []
            for try await results in group where !results.isEmpty { all.append(results) }
            return all
        }
        let failures = results.flatMap { $0 }.compactMap { result -> PostgresError? in
            if case .failure(let error) = result { error } else { nil }
        }
        #expect(!failures.isEmpty, "the restart did not interrupt any query")
        for failure in failures {
            #expect(failure.isConnectionLost, "a failure that is not a lost connection: \(failure)")
        }
        // Every worker's last queries succeeded on the same pool, no restart of ours.
        for worker in results {
            let tail = worker.suffix(10)
            #expect(tail.count == 10 && tail.allSatisfy { if case .success = $0 { true } else { false } },
                    "a worker did not recover: \(tail)")
        }
        pool.shutdown()
        try await TestDatabase.postgres(["stop"], environment: environment)
    }
}
