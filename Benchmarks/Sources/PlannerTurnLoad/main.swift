import API
import Foundation
import RPC
import Synchronization
import Wire

// The open-loop client of Benchmarks/planner_bench.py's CONTINUE turns and
// its peer phase (Signals.Evaluate alone), written with Baton's own gRPC
// client: the Python grpcio asyncio client took 0.64 ms of CPU per turn on
// the same 2 cores as the stack, and its event loop's scheduling landed in
// the measured latency. Same requests as `Bots.continue_turn` and
// `Bots.evaluate` (the spec names the conversations and questions).
//
// Protocol: a JSON spec as the argument (targets, tenant, conversation
// prefixes, number of conversations, questions); then one phase per stdin
// line "KIND RATE SECONDS FIRST" (KIND continue or evaluate; turn numbers
// FIRST, FIRST+1, ...), each answered with
// one JSON line: each turn's latency in ms measured from its *scheduled*
// send time (no coordinated omission), its send lag, the errors, the
// connector look-up times from the plan steps, and the client's own CPU
// (user + system) over the phase. EOF ends it.

struct Spec: Decodable {
    var planner: String
    var signals: String
    var tenant: String
    var continuePrefix: String
    var evaluatePrefix: String
    var conversations: Int
    var questions: [String]
}

/// One turn's figures; `offset` and `lag` in seconds and ms from the phase's start and the turn's schedule.
struct Turn: Encodable {
    var turn: Int
    var offset: Double
    var lag: Double
    var latency: Double
}

/// What one phase answers.
struct PhaseResult: Encodable {
    var turns: [Turn] = []
    var errors: [String] = []
    var lookups: [Double] = []
    var cpuMS: Double = 0
}

/// A phase's figures as its calls finish.
final class Collected: Sendable {
    let result = Mutex(PhaseResult())
}

/// The process's user + system CPU in seconds.
func processCPU() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let spec = try JSONDecoder().decode(Spec.self, from: Data(CommandLine.arguments[1].utf8))
// One connection to each, as grpcio's channel: with one per event loop (as baton-gateway opens) a turn spread over
// both of the planner's loops and the p99 was 2-3x longer at the same CPU (Services/Planner/README.md, session 13).
let channels = [spec.planner, spec.signals].map { target in
    let parts = target.split(separator: ":")
    return RPCChannel(host: String(parts[0]), port: Int(parts[1])!)
}
let planner = PlannerV1.PlannerClient(channel: channels[0])
let signals = SignalsV1.SignalsClient(channel: channels[1])

/// CONTINUE turn `n`: as planner_bench.py's `Bots.turn`, each conversation its own customer.
func continueTurn(_ n: Int) -> PlannerV1.HandleTurnRequest {
    let conversation = "\(spec.continuePrefix)\(n % spec.conversations)"
    let turnID = "t\(n)"
    return .with {
        $0.tenantID = spec.tenant
        $0.conversationID = conversation
        $0.turnID = turnID
        $0.channel = .chat
        $0.customer = .with { $0.customerID = "customer-\(conversation)"; $0.tier = .standard }
        $0.message = .with {
            $0.messageID = turnID
            $0.role = .customer
            $0.text = spec.questions[(n / spec.conversations) % spec.questions.count]
            $0.sendTime = .init(date: Date())
        }
        $0.conversation = .with { $0.language = "en" }
    }
}

/// Evaluate call `n`: as planner_bench.py's `Bots.evaluate`, a one-message conversation.
func evaluation(_ n: Int) -> SignalsV1.EvaluateRequest {
    .with {
        $0.tenantID = spec.tenant
        $0.conversation = .with {
            $0.conversationID = "\(spec.evaluatePrefix)\(n % spec.conversations)"
            $0.tenantID = spec.tenant
            $0.channel = .chat
            $0.messages = [.with {
                $0.messageID = "m\(n)"
                $0.role = .customer
                $0.text = spec.questions[n % spec.questions.count]
                $0.sendTime = .init(date: Date())
            }]
        }
        $0.turnID = "m\(n)"
    }
}

/// Sends call `n`; its connector look-up times (from the plan steps), or an error naming what went wrong.
typealias Call = @Sendable (Int) async -> Result<[Double], PhaseError>

/// A failed call: its gRPC status or the unexpected decision.
struct PhaseError: Error {
    var name: String
}

/// A CONTINUE turn; any other decision is an error.
@Sendable func sendContinueTurn(_ n: Int) async -> Result<[Double], PhaseError> {
    do {
        let outcome = try await planner.handleTurn(continueTurn(n), options: .init(timeout: .seconds(30))).outcome ?? .init()
        guard outcome.decision == .continue else { return .failure(PhaseError(name: "DECISION_\(outcome.decision)")) }
        return .success(outcome.steps.compactMap { step in
            step.startTime.flatMap { start in step.endTime.map { $0.date.timeIntervalSince(start.date) * 1000 } }
        })
    } catch {
        return .failure(PhaseError(name: (error as? RPCError)?.code.description ?? "\(error)"))
    }
}

/// An Evaluate call.
@Sendable func sendEvaluation(_ n: Int) async -> Result<[Double], PhaseError> {
    do {
        _ = try await signals.evaluate(evaluation(n), options: .init(timeout: .seconds(30)))
        return .success([])
    } catch {
        return .failure(PhaseError(name: (error as? RPCError)?.code.description ?? "\(error)"))
    }
}

/// Sends calls FIRST... at `rate` per second for `seconds`, each on its own task at its scheduled time.
func openLoop(rate: Double, seconds: Double, first: Int, call: @escaping Call) async -> PhaseResult {
    let collected = Collected()
    let count = Int(rate * seconds)
    let cpu = processCPU()
    let start = ContinuousClock.now
    await withTaskGroup(of: Void.self) { group in
        for index in 0..<count {
            let scheduled = start + .seconds(Double(index) / rate)
            if scheduled > .now { try? await Task.sleep(until: scheduled, tolerance: .zero, clock: .continuous) }
            group.addTask {
                let sent = ContinuousClock.now
                let answer = await call(first + index)
                let done = ContinuousClock.now
                collected.result.withLock {
                    switch answer {
                    case .success(let lookups):
                        $0.turns.append(Turn(turn: first + index, offset: (scheduled - start).timeInterval,
                                             lag: (sent - scheduled).timeInterval * 1000, latency: (done - scheduled).timeInterval * 1000))
                        $0.lookups += lookups
                    case .failure(let error):
                        $0.errors.append(error.name)
                    }
                }
            }
        }
    }
    let used = processCPU() - cpu
    return collected.result.withLock {
        $0.cpuMS = used * 1000
        return $0
    }
}

let encoder = JSONEncoder()
while let line = readLine() {
    let fields = line.split(separator: " ")
    guard fields.count == 4, let rate = Double(fields[1]), let seconds = Double(fields[2]), let first = Int(fields[3]),
          let call: Call = fields[0] == "continue" ? sendContinueTurn : fields[0] == "evaluate" ? sendEvaluation : nil else {
        FileHandle.standardError.write(Data("PlannerTurnLoad: expected continue|evaluate RATE SECONDS FIRST, got \(line)\n".utf8))
        exit(2)
    }
    let phase = await openLoop(rate: rate, seconds: seconds, first: first, call: call)
    FileHandle.standardOutput.write(try encoder.encode(phase) + Data("\n".utf8))
}
for channel in channels { channel.close() }
