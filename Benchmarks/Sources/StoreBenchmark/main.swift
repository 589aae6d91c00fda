import Foundation
import Store

// Point-select and single-row-insert throughput through Baton's pool, with
// the same statements and the same number of connections that pgbench uses
// in Benchmarks/store_bench.sh. Usage: StoreBenchmark DATABASE_URL CLIENTS SECONDS select|insert
// Prints "select_tps N" or "insert_tps N".

let arguments = CommandLine.arguments
guard arguments.count == 5, let clients = Int(arguments[2]), let seconds = Double(arguments[3]),
      ["select", "insert"].contains(arguments[4]) else {
    print("usage: StoreBenchmark DATABASE_URL CLIENTS SECONDS select|insert")
    exit(2)
}
let pool = PostgresPool(configuration: .init(url: arguments[1], maxConnections: clients, statementTimeout: nil))
let accounts = try await pool.query("SELECT count(*) AS n FROM pgbench_accounts")[0].decode(Int.self, "n")

/// xorshift64*: the benchmark's own random numbers, as pgbench has its own
/// PRNG; the system generator would make a getrandom call per statement.
struct FastRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}

/// Runs `body` from `clients` tasks for `seconds`; returns transactions per second.
/// The tasks prefer the pool's I/O threads as their executors, as pgbench's
/// clients live on its threads: statements then go out without a thread hop.
func load(_ body: @escaping @Sendable (inout FastRandom) async throws -> Void) async throws -> Double {
    // Warm every connection and its prepared statement first.
    try await withThrowingTaskGroup(of: Void.self) { group in
        for client in 0..<clients {
            group.addTask(executorPreference: pool.executors[client % pool.executors.count]) {
                var random = FastRandom(state: UInt64(client + 1) &* 0x9E37_79B9_7F4A_7C15)
                for _ in 0..<200 { try await body(&random) }
            }
        }
        try await group.waitForAll()
    }
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    let started = ContinuousClock.now
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for client in 0..<clients {
            group.addTask(executorPreference: pool.executors[client % pool.executors.count]) {
                var random = FastRandom(state: UInt64(client + 101) &* 0x9E37_79B9_7F4A_7C15)
                var count = 0
                while ContinuousClock.now < deadline {
                    try await body(&random)
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

if arguments[4] == "select" {
    let tps = try await load { random in
        let aid = Int32.random(in: 1...Int32(accounts), using: &random)
        let rows = try await pool.query("SELECT abalance FROM pgbench_accounts WHERE aid = \(aid)")
        precondition(rows.count == 1)
    }
    print("select_tps \(Int(tps))")
} else {
    let tps = try await load { random in
        let a = Int32.random(in: 1...100_000, using: &random), b = Int32.random(in: 1...100_000, using: &random)
        try await pool.query("INSERT INTO bench_inserts (a, b) VALUES (\(a), \(b))")
    }
    print("insert_tps \(Int(tps))")
}
pool.shutdown()
