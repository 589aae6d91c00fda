import API
import Foundation
import NIOPosix
import RPC
import Synchronization
import Wire

// An append client for Benchmarks/audit_bench.py written with Baton's own
// gRPC client: pgbench, the peer, is a C client, and two Python grpcio
// processes take most of a core at a few thousand calls a second, which the
// service and Postgres then lack on this 2-core machine. Same protocol as the
// Python `callers` worker: arguments TARGET TENANT SECONDS OFFSET CALLERS;
// prints the append rate, then each append's latency in seconds (one line).
// BATON_AUDIT_BENCH_CUSTOMERS: how many customers the records are about (500; 0: a new one for every record).

let arguments = CommandLine.arguments
guard arguments.count == 6, let seconds = Double(arguments[3]), let callers = Int(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: AuditAppendLoad HOST:PORT TENANT SECONDS OFFSET CALLERS\n".utf8))
    exit(2)
}
let target = arguments[1].split(separator: ":")
let tenant = arguments[2], offset = arguments[4]
// The connection and every caller on one event loop thread, as pgbench drives its connections from its own
// threads: a caller's task resumes where its answer was read and writes its next call there, with no hop to the
// global pool and back (two thread wake-ups a call, most of this client's CPU).
let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let callerExecutor = EventLoopTaskExecutor(loop: loop.next())
let channel = RPCChannel(target: .host(String(target[0]), port: Int(target[1])!), group: loop)
let client = AuditV1.AuditClient(channel: channel)
let customers = Int(ProcessInfo.processInfo.environment["BATON_AUDIT_BENCH_CUSTOMERS"] ?? "") ?? 500

/// The record Python's `record(tenant, n, caller)` builds: the same fields and sizes.
func record(_ n: Int, caller: Int) -> AuditV1.AuditRecord {
    .with {
        $0.tenantID = tenant
        $0.kind = .turnDecision
        $0.decision = "DECISION_CONTINUE"
        $0.performedBy = .with { $0.kind = .service; $0.principalID = "baton-planner" }
        $0.rationale = "Refund within the bot's authority; the order is eligible."
        $0.sourceService = "baton-planner"
        $0.category = "billing"
        $0.decideTime = .init(date: Date())
        // Not String(format:): Foundation's formatting took ~2 µs of the client's CPU a call.
        $0.inputs = ["risk_score": n % 100 < 10 ? "0.0\(n % 100)" : "0.\(n % 100)"]
        $0.subjects = [.with { $0.kind = .conversation; $0.subjectID = "conv-\(n)" },
                       .with { $0.kind = .customer; $0.subjectID = customers > 0 ? "cust-\(n % customers)" : "cust-\(offset)-\(caller)-\(n)" }]
    }
}

_ = try await client.append(.with { $0.record = record(0, caller: -1); $0.idempotencyKey = "warm-\(offset)" },
                            options: .init(timeout: .seconds(30)))
let latencies = Mutex<[Double]>([])
let began = ContinuousClock.now
let stop = began + .seconds(seconds)

try await withThrowingTaskGroup(of: Void.self) { group in
    for caller in 0..<callers {
        group.addTask(executorPreference: callerExecutor) {
            var n = 0
            var mine: [Double] = []
            while ContinuousClock.now < stop {
                n += 1
                let request = AuditV1.AppendRequest.with { $0.record = record(n, caller: caller); $0.idempotencyKey = "r\(offset)-c\(caller)-\(n)" }
                let started = ContinuousClock.now
                _ = try await client.append(request, options: .init(timeout: .seconds(30)))
                mine.append((ContinuousClock.now - started).timeInterval)
            }
            latencies.withLock { $0 += mine }
        }
    }
    try await group.waitForAll()
}
let elapsed = (ContinuousClock.now - began).timeInterval

let all = latencies.withLock { $0 }
print(([Double(all.count) / elapsed] + all).map { String(format: "%.6f", $0) }.joined(separator: " "))
channel.close()
