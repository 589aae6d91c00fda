import API
import ArgumentParser
import Foundation
import RPC
import SignalsCore
import Wire

/// `batonctl`: the command-line client for people. Addresses come from
/// flags, `BATON_<SERVICE>_ADDR` variables, or the local stack's
/// `.baton/stack.env`.
@main
struct Batonctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batonctl",
        abstract: "Talk to a Baton deployment.",
        subcommands: [Health.self, Signals.self, Router.self, Audit.self, Knowledge.self, Policy.self, Turn.self, Approvals.self, Demo.self,
                      Keys.self]
    )
}

/// Where the services are, and the credential every call carries.
struct Endpoints: ParsableArguments {
    @Option(help: "baton-signals address (host:port); default BATON_SIGNALS_ADDR or .baton/stack.env")
    var signals: String?
    @Option(help: "API key (or JWT) sent as 'authorization: Bearer' on every call; default BATON_API_KEY")
    var apiKey: String?

    /// The metadata every call carries: the credential, when there is one.
    var credentials: Metadata {
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["BATON_API_KEY"], !key.isEmpty else { return Metadata() }
        return ["authorization": "Bearer \(key)"]
    }

    func address(of service: String, flag: String?) throws -> (String, Int) {
        let value = flag ?? ProcessInfo.processInfo.environment["BATON_\(service.uppercased())_ADDR"]
            ?? Self.stackEnvironment()["BATON_\(service.uppercased())_ADDR"]
        guard let value, let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]) else {
            throw ValidationError("no address for baton-\(service): pass --\(service) host:port, set BATON_\(service.uppercased())_ADDR, or run deploy/local/up")
        }
        return (String(value[..<colon]), port)
    }

    func channel(_ service: String, flag: String?) throws -> RPCChannel {
        let (host, port) = try address(of: service, flag: flag)
        return RPCChannel(host: host, port: port, configuration: .init(metadata: credentials))
    }

    static func stackEnvironment() -> [String: String] { localEnvironment("stack.env") }

    /// `NAME=value` lines of `.baton/<file>` in the working directory or one above it (deploy/local/up writes them).
    static func localEnvironment(_ name: String) -> [String: String] {
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<6 {
            let file = directory.appendingPathComponent(".baton/\(name)")
            if let text = try? String(contentsOf: file, encoding: .utf8) {
                var values: [String: String] = [:]
                for line in text.split(separator: "\n") {
                    let parts = line.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
                }
                return values
            }
            directory.deleteLastPathComponent()
        }
        return [:]
    }
}

struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check every service's grpc.health.v1 status.")
    @OptionGroup var endpoints: Endpoints

    func run() async throws {
        for service in ["signals", "router"] {
            let channel = try endpoints.channel(service, flag: service == "signals" ? endpoints.signals : nil)
            defer { channel.close() }
            let status = try await GRPCHealthV1.HealthClient(channel: channel)
                .check(.init(), options: .init(timeout: .seconds(5))).status
            print("baton-\(service): \(status)")
        }
    }
}

struct Signals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "baton-signals: thresholds and evaluations.",
        subcommands: [GetThresholds.self, SetThresholds.self, Evaluate.self])

    struct GetThresholds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a tenant's thresholds as proto JSON (the defaults when the tenant set none); edit and pass to set-thresholds --file.")
        @OptionGroup var endpoints: Endpoints
        @Option(help: "Tenant id.") var tenant: String

        func run() async throws {
            let channel = try endpoints.channel("signals", flag: endpoints.signals)
            defer { channel.close() }
            let response = try await SignalsV1.SignalsClient(channel: channel).getThresholds(.with { $0.tenantID = tenant })
            print(response.thresholds?.jsonString() ?? "{}")
        }
    }

    struct SetThresholds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a tenant's thresholds: every setting from a proto JSON file (get-thresholds prints one), or the defaults; then the refund limit given.")
        @OptionGroup var endpoints: Endpoints
        @Option(help: "Tenant id.") var tenant: String
        @Option(help: "A SignalsV1.Thresholds message as proto JSON (as get-thresholds prints it); its tenant id is replaced by --tenant.")
        var file: String?
        @Option(help: "Refunds of this many minor units or more go to a person, in --currency; the other currencies' limits stay.")
        var refundLimit: Int64?
        @Option(help: "Currency of the refund limit.") var currency = "EUR"

        func run() async throws {
            var thresholds = Defaults.thresholds
            if let file {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw ValidationError("cannot read \(file): \(error.localizedDescription)")
                }
                do {
                    thresholds = try SignalsV1.Thresholds(jsonString: text)
                } catch {
                    throw ValidationError("\(file) is not a Thresholds message in proto JSON: \(error)")
                }
            }
            thresholds.tenantID = tenant
            if let refundLimit {
                var policy = thresholds.policy ?? SignalsV1.PolicySettings()
                policy.refundLimits.removeAll { $0.currencyCode.uppercased() == currency.uppercased() }
                policy.refundLimits.append(.with { $0.currencyCode = currency.uppercased(); $0.amountMinor = refundLimit })
                thresholds.policy = policy
            }
            let channel = try endpoints.channel("signals", flag: endpoints.signals)
            defer { channel.close() }
            // A file read from get-thresholds names the revision it was made from: the change goes in only if nobody
            // changed the thresholds since (ABORTED otherwise).
            let expected = file != nil && thresholds.revision > 0 ? thresholds.revision : nil
            let saved = try await SignalsV1.SignalsClient(channel: channel)
                .setThresholds(.with { $0.thresholds = thresholds; $0.expectedRevision = expected }).thresholds
            print("thresholds for \(tenant): revision \(saved?.revision ?? 0)")
        }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Score the last message of a conversation.")
        @OptionGroup var endpoints: Endpoints
        @Option(help: "Tenant id.") var tenant: String
        @Option(help: "Conversation id.") var conversation = "cli-\(UInt32.random(in: 0...UInt32.max))"
        @Option(name: .customLong("message"), help: "A message, as 'customer: text' or 'bot: text', in order.")
        var messages: [String]

        func run() async throws {
            let channel = try endpoints.channel("signals", flag: endpoints.signals)
            defer { channel.close() }
            let request = SignalsV1.EvaluateRequest.with {
                $0.tenantID = tenant
                $0.conversation = .with {
                    $0.conversationID = conversation
                    $0.tenantID = tenant
                    $0.messages = messages.enumerated().map { index, line in Transcript.message(line, index: index) }
                }
            }
            let response = try await SignalsV1.SignalsClient(channel: channel).evaluate(request)
            print(Transcript.describe(response))
        }
    }
}

/// Builds and prints conversations.
enum Transcript {
    static func message(_ line: String, index: Int) -> CommonV1.ConversationMessage {
        let parts = line.split(separator: ":", maxSplits: 1)
        let speaker = parts.count == 2 ? parts[0].trimmingCharacters(in: .whitespaces).lowercased() : "customer"
        let text = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : line
        return .with {
            $0.messageID = "m\(index + 1)"
            $0.role = speaker == "bot" ? .bot : speaker == "agent" ? .humanAgent : .customer
            $0.text = text
            $0.sendTime = .with { $0.seconds = 1_767_225_600 + Int64(index * 45) }
        }
    }

    static func describe(_ response: SignalsV1.EvaluateResponse, took: String? = nil) -> String {
        let recommendation: String = switch response.recommendation {
        case .continue: "CONTINUE"
        case .watch: "WATCH"
        case .escalateNow: "ESCALATE NOW"
        default: "?"
        }
        var text = "risk \(String(format: "%.2f", response.riskScore))  \(recommendation)"
        if let sentiment = response.sentiments.last?.sentiment {
            text += "  sentiment \(String(format: "%+.2f", sentiment.compound))"
        }
        if let took { text += "  (\(took))" }
        for trigger in response.triggers {
            var evidence = trigger.evidence?.matchedPhrases.map { "\"\($0)\"" }.joined(separator: ", ") ?? ""
            if !evidence.isEmpty { evidence = " [\(evidence)]" }
            text += "\n      trigger \(trigger.name) (score \(String(format: "%.2f", trigger.score)))\(evidence): \(trigger.explanation)"
        }
        return text
    }
}
