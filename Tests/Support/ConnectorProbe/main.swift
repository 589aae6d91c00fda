import API
import Foundation
import PlannerConnector
import PlannerCore
import RPC
import Wire

// Drives PlannerConnector's ConnectorClient against a real connector for Tests/ConnectorDemo: the calls given on
// the command line go through one ConnectorDirectory (so one client and one breaker per endpoint), each printed
// as a JSON line with its status, elapsed time and the breaker's state after it.
//
// Usage: ConnectorProbe --connectors tenant=host:port [--lookup-timeout-ms N] [--execute-timeout-ms N]
//            [--attempts N] [--failure-threshold N] [--open-ms N] CALL...
// CALL: customer:TENANT:CUSTOMER | refund:TENANT:CUSTOMER:ORDER:KEY:AMOUNT_MINOR:CURRENCY | sleep:MS

var environment: [String: String] = [:]
var policy = ConnectorCallPolicy()
var breaker = CircuitBreaker.Configuration()
var calls: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
func milliseconds(_ text: String?) -> Duration { .milliseconds(Int64(text ?? "") ?? 0) }
while let argument = arguments.next() {
    switch argument {
    case "--connectors": environment["BATON_PLANNER_CONNECTORS"] = arguments.next()
    case "--lookup-timeout-ms": policy.lookupTimeout = milliseconds(arguments.next())
    case "--execute-timeout-ms": policy.executeTimeout = milliseconds(arguments.next())
    case "--attempts": policy.maxAttempts = Int(arguments.next() ?? "") ?? 1
    case "--failure-threshold": breaker.failureThreshold = Int(arguments.next() ?? "") ?? 1
    case "--open-ms": breaker.openDuration = milliseconds(arguments.next())
    default: calls.append(argument)
    }
}
policy.breaker = breaker
let directory = try ConnectorDirectory(environment: environment, policy: policy)

func report(_ fields: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

func describe(_ state: CircuitBreaker.State) -> String {
    switch state {
    case .closed: "closed"
    case .open: "open"
    case .halfOpen: "half-open"
    }
}

for call in calls {
    let parts = call.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    if parts[0] == "sleep" {
        try await Task.sleep(for: milliseconds(parts[1]))
        continue
    }
    let start = ContinuousClock.now
    var fields: [String: Any] = ["call": parts[0]]
    do {
        let client = try directory.client(for: parts[1])
        switch parts[0] {
        case "customer":
            let response = try await client.lookupCustomer(.with { $0.tenantID = parts[1]; $0.customerID = parts[2] })
            fields["tier"] = response.customer?.tier.rawValue ?? 0
        case "refund":
            let response = try await client.executeAction(.with {
                $0.tenantID = parts[1]
                $0.customerID = parts[2]
                $0.conversationID = "probe"
                $0.idempotencyKey = parts[4]
                $0.action = .with {
                    $0.actionID = parts[4]
                    $0.kind = .refund(.with {
                        $0.orderID = parts[3]
                        $0.amount = .with { $0.amountMinor = Int64(parts[5])!; $0.currencyCode = parts[6] }
                    })
                }
            })
            fields["state"] = response.state.rawValue
            fields["reference"] = response.referenceID
            fields["replayed"] = response.replayed
        default:
            fatalError("unknown call \(call)")
        }
        fields["code"] = "OK"
        fields["breaker"] = describe(client.breakerState)
    } catch let error as RPCError {
        fields["code"] = "\(error.code)"
        fields["message"] = error.message
        fields["breaker"] = (try? directory.client(for: parts[1])).map { describe($0.breakerState) } ?? "none"
    }
    let elapsed = ContinuousClock.now - start
    fields["elapsed_ms"] = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    report(fields)
}
directory.close()
