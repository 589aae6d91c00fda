import API
import Foundation
import RPC
import Synchronization
import Wire

// A load worker for Benchmarks/router_bench.py written with Baton's own
// gRPC client (lighter than the Python worker, so the 2 cores go to the
// router and Postgres). Same protocol: a JSON spec as the argument, a
// "ready" line, the start time read from stdin, a JSON result line.

struct Spec: Decodable {
    var tenant: String
    var worker: Int
    var targets: [String]
    var mode: String
    var seconds: Double
    var warmup: Double
    var agents: Int
    var capacity: Int
    var backlog: Int
    var enqueuers: Int
    var rate: Double?
}

/// Counters and samples shared by the worker's tasks.
final class Stats: Sendable {
    struct Values {
        var enqueued = 0, offers = 0, assigned = 0, completed = 0, inFlight = 0, opened = 0
        var errors: [String: Int] = [:]
        var latencies: [Double] = [], acceptMS: [Double] = [], completeMS: [Double] = []
        var sent: [String: Double] = [:]
    }
    let values = Mutex(Values())
    let window = Mutex((start: Double.infinity, end: Double.infinity))

    func error(_ kind: String, _ error: any Error) {
        let key = "\(kind):\((error as? RPCError)?.code.description ?? "OTHER")"
        let first = values.withLock { values -> Bool in
            values.errors[key, default: 0] += 1
            return values.errors[key] == 1
        }
        if first { FileHandle.standardError.write(Data("first \(key): \(error)\n".utf8)) }
    }

    func inWindow(_ time: Double) -> Bool {
        let window = window.withLock { $0 }
        return window.start <= time && time <= window.end
    }
}

func wallClock() -> Double { Date().timeIntervalSince1970 }

let spec = try JSONDecoder().decode(Spec.self, from: Data(CommandLine.arguments[1].utf8))
let channels = spec.targets.map { target -> RPCChannel in
    let parts = target.split(separator: ":")
    return RPCChannel(host: String(parts[0]), port: Int(parts[1])!)
}
let clients = channels.map { RouterV1.RouterClient(channel: $0) }
let tenant = spec.tenant, queueID = "q-\(spec.worker)"
let stats = Stats()

_ = try await clients[0].upsertQueue(.with {
    $0.queue = .with { $0.queueID = queueID; $0.tenantID = tenant; $0.offerTimeout = .with { $0.seconds = 30 } }
})
let agents = (0..<spec.agents).map { String(format: "w\(spec.worker)-agent-%03d", $0) }
for (index, agent) in agents.enumerated() {
    _ = try await clients[index % clients.count].upsertAgent(.with {
        $0.agent = .with {
            $0.agentID = agent
            $0.tenantID = tenant
            $0.languages = ["en"]
            $0.queueIDs = [queueID]
            $0.skills = [.with { $0.skill = "billing"; $0.level = 5 }]
            $0.capacities = [.with { $0.channel = .chat; $0.maxConcurrent = UInt32(spec.capacity) }]
        }
    })
}

@Sendable func answer(_ client: RouterV1.RouterClient, agent: String, offer: RouterV1.Offer, received: Double) async {
    let escalationID = offer.escalation?.escalationID ?? ""
    let sentAt = stats.values.withLock { $0.sent.removeValue(forKey: escalationID) }
    if let sentAt, stats.inWindow(received) { stats.values.withLock { $0.latencies.append(received - sentAt) } }
    let t0 = wallClock()
    do {
        _ = try await client.accept(.with { $0.tenantID = tenant; $0.agentID = agent; $0.offerID = offer.offerID },
                                    options: .init(timeout: .seconds(10)))
    } catch {
        stats.error("accept", error)
        return
    }
    let t1 = wallClock()
    if stats.inWindow(t1) { stats.values.withLock { $0.assigned += 1; $0.acceptMS.append((t1 - t0) * 1000) } }
    do {
        _ = try await client.complete(.with {
            $0.tenantID = tenant; $0.agentID = agent; $0.escalationID = escalationID; $0.outcome = .resolved
        }, options: .init(timeout: .seconds(10)))
        let t2 = wallClock()
        stats.values.withLock { values in
            values.completed += 1
            if stats.inWindow(t1) { values.completeMS.append((t2 - t1) * 1000) }
        }
    } catch {
        stats.error("complete", error)
    }
    stats.values.withLock { $0.inFlight -= 1 }
}

let desks = Task {
    await withTaskGroup(of: Void.self) { group in
        for (index, agent) in agents.enumerated() {
            let client = clients[index % clients.count]
            group.addTask {
                do {
                    try await client.agentSession(.with { $0.tenantID = tenant; $0.agentID = agent; $0.goAvailable = true }) { events in
                        for try await event in events {
                            switch event.event {
                            case .opened?: stats.values.withLock { $0.opened += 1 }
                            case .offer(let offer)?:
                                stats.values.withLock { $0.offers += 1 }
                                let received = wallClock()
                                Task { await answer(client, agent: agent, offer: offer, received: received) }
                            default: break
                            }
                        }
                    }
                } catch where !Task.isCancelled {
                    stats.error("session", error)
                } catch {}
            }
        }
    }
}

let setupDeadline = wallClock() + 30
while stats.values.withLock({ $0.opened }) < agents.count && wallClock() < setupDeadline {
    try await Task.sleep(for: .milliseconds(50))
}
FileHandle.standardOutput.write(Data("{\"ready\": \(stats.values.withLock { $0.opened })}\n".utf8))
let go = Double(readLine() ?? "") ?? wallClock()
try await Task.sleep(for: .milliseconds(Int64(max(0, go - wallClock()) * 1000)))
let windowStart = go + spec.warmup, windowEnd = go + spec.warmup + spec.seconds
stats.window.withLock { $0 = (windowStart, windowEnd) }

let counter = Mutex(0)
@Sendable func enqueue(_ k: Int) async {
    let n = counter.withLock { value -> Int in
        defer { value += 1 }
        return value
    }
    let id = "w\(spec.worker)-\(n)"
    stats.values.withLock { $0.inFlight += 1; $0.sent[id] = wallClock() }
    do {
        _ = try await clients[k % clients.count].enqueue(.with {
            $0.escalation = .with {
                $0.escalationID = id
                $0.tenantID = tenant
                $0.conversationID = "c-\(id)"
                $0.category = "billing.refund"
                $0.language = "en"
                $0.channel = .chat
                $0.queueID = queueID
                $0.requiredSkills = [.with { $0.skill = "billing"; $0.minLevel = 3 }]
            }
        }, options: .init(timeout: .seconds(10)))
        stats.values.withLock { $0.enqueued += 1 }
    } catch {
        stats.error("enqueue", error)
        stats.values.withLock { $0.inFlight -= 1; $0.sent[id] = nil }
    }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
let cpuMarks = Task { () -> Double in
    try await Task.sleep(for: .milliseconds(Int64(max(0, windowStart - wallClock()) * 1000)))
    let start = cpuSeconds()
    try await Task.sleep(for: .milliseconds(Int64(max(0, windowEnd - wallClock()) * 1000)))
    return cpuSeconds() - start
}

if spec.mode == "throughput" {
    await withTaskGroup(of: Void.self) { group in
        for k in 0..<spec.enqueuers {
            group.addTask {
                while wallClock() < windowEnd {
                    if stats.values.withLock({ $0.inFlight }) >= spec.backlog {
                        try? await Task.sleep(for: .milliseconds(2))
                        continue
                    }
                    await enqueue(k)
                }
            }
        }
    }
} else {
    let rate = spec.rate ?? 10
    let start = wallClock()
    await withTaskGroup(of: Void.self) { group in
        var n = 0
        while wallClock() < windowEnd {
            let due = start + Double(n) / rate
            if due > wallClock() { try? await Task.sleep(for: .milliseconds(Int64((due - wallClock()) * 1000))) }
            let k = n
            group.addTask { await enqueue(k) }
            n += 1
        }
    }
}
let cpu = (try? await cpuMarks.value) ?? 0
let settle = wallClock() + 5
while stats.values.withLock({ $0.inFlight }) > 0 && wallClock() < settle {
    try await Task.sleep(for: .milliseconds(50))
}
desks.cancel()
_ = await desks.value
let final = stats.values.withLock { $0 }
let result: [String: Any] = [
    "enqueued": final.enqueued, "offers": final.offers, "assigned": final.assigned, "completed": final.completed,
    "errors": final.errors, "latencies": final.latencies, "accept_ms": final.acceptMS, "complete_ms": final.completeMS,
    "cpu": cpu, "window": spec.seconds, "left_in_flight": final.inFlight,
]
FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: result) + Data("\n".utf8))
channels.forEach { $0.close() }
