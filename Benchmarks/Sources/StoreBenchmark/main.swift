import Foundation
import Store

// Point-select and single-row-insert throughput through Baton's pool, with
// the same statements and the same number of connections that pgbench uses
// in Benchmarks/run. Usage: StoreBenchmark DATABASE_URL CLIENTS SECONDS
// Prints "select_tps N" and "insert_tps N".

let arguments = CommandLine.arguments
guard arguments.count == 4, let clients = Int(arguments[2]), let seconds = Double(arguments[3]) else {
    print("usage: StoreBenchmark DATABASE_URL CLIENTS SECONDS")
    exit(2)
}
let pool = PostgresPool(configuration: .init(url: arguments[1], maxConnections: clients, statementTimeout: nil))
let accounts = try await pool.query("SELECT count(*) AS n FROM pgbench_accounts")[0].decode(Int.self, "n")

/// Runs `body` from `clients` tasks for `seconds`; returns transactions per second.
func load(_ body: @escaping @Sendable () async throws -> Void) async throws -> Double {
    // Warm every connection and its prepared statement first.
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<clients { group.addTask { for _ in 0..<200 { try await body() } } }
        try await group.waitForAll()
    }
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    let started = ContinuousClock.now
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<clients {
            group.addTask {
                var count = 0
                while ContinuousClock.now < deadline {
                    try await body()
                    count += 1
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - started
    return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

let selectTPS = try await load {
    let aid = Int32.random(in: 1...Int32(accounts))
    let rows = try await pool.query("SELECT abalance FROM pgbench_accounts WHERE aid = \(aid)")
    precondition(rows.count == 1)
}
print("select_tps \(Int(selectTPS))")

let insertTPS = try await load {
    try await pool.query("INSERT INTO bench_inserts (a, b) VALUES (\(Int32.random(in: 1...100_000)), \(Int32.random(in: 1...100_000)))")
}
print("insert_tps \(Int(insertTPS))")
pool.shutdown()
