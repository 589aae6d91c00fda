import API
import ArgumentParser
import Foundation
import PlannerCore
import RPC
import SignalsCore
import Wire

/// `batonctl policy`: a tenant's escalation policies in baton-planner.
struct Policy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "baton-planner: validate, publish, activate, simulate and list escalation policies.",
        subcommands: [Validate.self, Publish.self, Activate.self, Simulate.self, List.self])

    /// Where baton-planner is and who acts.
    struct Target: ParsableArguments {
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-planner address (host:port); default BATON_PLANNER_ADDR or .baton/stack.env")
        var planner: String?
        @Option(help: "Tenant id.") var tenant: String
        @Option(help: "Administrator acting (principal id).") var admin = "batonctl"

        func client() throws -> (PlannerV1.PlannerClient, RPCChannel) {
            let channel = try endpoints.channel("planner", flag: planner)
            return (PlannerV1.PlannerClient(channel: channel), channel)
        }

        var principal: CommonV1.Principal { .with { $0.kind = .administrator; $0.principalID = admin } }
    }

    static func read(_ path: String) throws -> (String, PlannerV1.PolicyFormat) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (text, path.hasSuffix(".json") ? .json : .yaml)
    }

    static func report(_ path: String, _ problems: [PlannerV1.ValidationError]) {
        for problem in problems {
            let severity = problem.severity == .error ? "error" : "warning"
            print("\(path):\(problem.line):\(problem.column): \(severity): \(problem.path): \(problem.errorMessage)")
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a policy document locally (no server): strict YAML, types, warnings, the document's tests.")
        @Argument(help: "Policy file (.yaml or .json).") var file: String

        func run() async throws {
            let (text, format) = try Policy.read(file)
            let compilation = PolicyCompiler.compile(text, format: format == .json ? .json : .yaml,
                                                     knownTriggerNames: SignalsTriggerCatalog.names)
            for problem in compilation.diagnostics {
                let severity = problem.severity == .error ? "error" : "warning"
                print("\(file):\(problem.line):\(problem.column): \(severity): \(problem.path): \(problem.message)")
            }
            for test in compilation.testResults {
                print("test \(test.passed ? "passed" : "FAILED"): \(test.name)\(test.passed ? "" : " — \(test.message)")")
            }
            guard compilation.isValid else { throw ExitCode(1) }
            print("\(file): valid (\(compilation.policy?.ruleIDs.count ?? 0) rules)")
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a policy document as the tenant's next version.")
        @OptionGroup var target: Target
        @Option(help: "What changed, for humans.") var note = ""
        @Flag(help: "Activate the new version for all conversations at once.") var activate = false
        @Flag(help: "Only validate on the server; store nothing.") var validateOnly = false
        @Argument(help: "Policy file (.yaml or .json).") var file: String

        func run() async throws {
            let (text, format) = try Policy.read(file)
            let (client, channel) = try target.client()
            defer { channel.close() }
            let response = try await client.publishPolicy(.with {
                $0.tenantID = target.tenant
                $0.document = text
                $0.format = format
                $0.changeNote = note
                $0.publisher = target.principal
                $0.documentCrc32c = CRC32C.checksum(Array(text.utf8))
                $0.validateOnly = validateOnly
                $0.activate = activate
            })
            Policy.report(file, response.errors)
            guard response.valid else { throw ExitCode(1) }
            if let policy = response.policy {
                print("published version \(policy.version) (\(policy.state)) sha256 \(policy.documentSha256.map { String(format: "%02x", $0) }.joined())")
            } else {
                print("\(file): valid")
            }
        }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Activate a version for all conversations, or as a canary (--percent, --channel).")
        @OptionGroup var target: Target
        @Option(help: "Version to activate.") var version: UInt32
        @Option(help: "Fail unless this version is active now (0: none).") var expectedActive: UInt32?
        @Option(help: "Canary: share of conversations, 1 to 100.") var percent: UInt32?
        @Option(help: "Canary: a channel whose conversations all go to it (chat, email, voice, sms, ...); repeatable.")
        var channel: [String] = []

        func run() async throws {
            let (client, connection) = try target.client()
            defer { connection.close() }
            let channels = try channel.map { name in
                guard let value = TurnFacts.channel(named: name) else { throw ValidationError("unknown channel \(name)") }
                return value
            }
            let response = try await client.activatePolicy(.with {
                $0.tenantID = target.tenant
                $0.version = version
                if let expectedActive { $0.expectedActiveVersion = expectedActive }
                $0.activator = target.principal
                if percent != nil || !channels.isEmpty {
                    $0.rollout = .with { $0.percent = percent ?? 0; $0.channels = channels }
                }
            })
            if response.canaryVersion == version {
                print("version \(version) is the canary (\(response.rollout?.percent ?? 0)%); active: \(response.previousVersion)")
            } else {
                print("version \(version) is active (was \(response.previousVersion))")
            }
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a candidate (a stored version or a file) over recorded turns; print the from→to matrix.")
        @OptionGroup var target: Target
        @Option(help: "Stored version to replay.") var version: UInt32?
        @Option(help: "Hours of recorded turns to replay, ending now.") var hours = 24.0
        @Argument(help: "Policy file to replay instead of a stored version.") var file: String?

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            var request = PlannerV1.SimulatePolicyRequest.with {
                $0.tenantID = target.tenant
                $0.startTime = .init(date: Date().addingTimeInterval(-hours * 3_600))
            }
            if let file {
                let (text, format) = try Policy.read(file)
                request.candidate = .document(.with { $0.document = text; $0.format = format })
            } else if let version {
                request.candidate = .version(version)
            } else {
                throw ValidationError("pass --version or a file")
            }
            let response = try await client.simulatePolicy(request)
            if !response.errors.isEmpty {
                Policy.report(file ?? "candidate", response.errors)
                if response.errors.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
            }
            print("\(response.turns) turns replayed, \(response.changed) change\(response.truncated ? " (window truncated)" : "")")
            for cell in response.matrix {
                print("  \(Turn.name(cell.from)) → \(Turn.name(cell.to)): \(cell.count)")
                for example in cell.examples {
                    print("      \(example.conversationID)/\(example.turnID): \(example.fromRule) → \(example.toRule): \(example.rationale)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a tenant's policy versions, newest first.")
        @OptionGroup var target: Target

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            var token = ""
            repeat {
                let page = try await client.listPolicies(.with { $0.tenantID = target.tenant; $0.pageToken = token; $0.pageSize = 100 })
                for policy in page.policies {
                    print("v\(policy.version)\t\(policy.state)\t\(policy.publishTime?.date.ISO8601Format() ?? "")\t\(policy.publishedBy?.principalID ?? "")\t\(policy.changeNote)")
                }
                token = page.nextPageToken
            } while !token.isEmpty
        }
    }
}
