import API
import ArgumentParser
import AuditCore
import Foundation
import RPC
import Wire

/// `batonctl audit ...`: make a signing key, print a tenant's checkpoint,
/// verify its log (against a checkpoint kept from earlier), show or set its
/// retention.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The decision log on baton-audit.",
        subcommands: [Keygen.self, Checkpoint.self, Verify.self, Retention.self])

    struct Target: ParsableArguments {
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-audit address (host:port); default BATON_AUDIT_ADDR or .baton/stack.env")
        var audit: String?
        @Option(help: "Tenant.") var tenant: String

        func client() throws -> (AuditV1.AuditClient, RPCChannel) {
            let channel = try endpoints.channel("audit", flag: audit)
            return (AuditV1.AuditClient(channel: channel), channel)
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an Ed25519 note signing key: the signer key (keep it secret: BATON_AUDIT_SIGNING_KEY) and its verifier key (publish it).")
        @Option(help: "Key name; by convention the log's origin, such as example.com/audit.") var name: String
        @Option(help: "Write the signer key to this file (mode 0600) instead of printing it.") var signerFile: String?

        func run() async throws {
            let (signer, verifier) = try NoteSigner.generateKey(name: name)
            if let signerFile {
                guard FileManager.default.createFile(atPath: signerFile, contents: Data((signer + "\n").utf8),
                                                     attributes: [.posixPermissions: 0o600]) else {
                    throw ValidationError("cannot write \(signerFile)")
                }
            } else {
                print(signer)
            }
            print(verifier)
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the tenant's latest signed checkpoint.")
        @OptionGroup var target: Target

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let response = try await client.getCheckpoint(.with { $0.tenantID = target.tenant }, options: .init(timeout: .seconds(10)))
            print(response.checkpoint?.note ?? "", terminator: "")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the tenant's tree from its entries and check it against the latest checkpoint and, given one, a checkpoint kept from earlier.")
        @OptionGroup var target: Target
        @Option(help: "A file holding a signed checkpoint kept from earlier.") var trusted: String?

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let kept = try trusted.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            let response = try await client.verify(.with {
                $0.tenantID = target.tenant
                $0.trustedCheckpoint = kept
            }, options: .init(timeout: .seconds(600)))
            let size = response.checkpoint?.treeSize ?? 0
            if response.valid {
                print("valid: \(response.entriesChecked) entries, tree size \(size), root \(Data(response.computedRootHash).base64EncodedString())"
                      + (kept.isEmpty ? "" : "; consistent with the trusted checkpoint"))
            } else {
                print("INVALID: \(response.failure)")
                throw ExitCode(1)
            }
        }
    }

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the tenant's retention, or set it (--set 90d) or remove it (--keep-forever); a change is recorded in the log.",
            discussion: """
                Details (inputs, rationale) of the entries recorded in a calendar month (UTC) become unreadable once the month \
                ended more than the retention ago; entries, proofs and checkpoints stay as they are.
                """)
        @OptionGroup var target: Target
        @Option(help: "New retention, counted from the end of each month: days (90d), hours (36h) or seconds (3600s); 1 day to 36500 days.")
        var set: String?
        @Flag(help: "Remove the retention: details stay readable until an erasure.") var keepForever = false

        func validate() throws {
            if set != nil, keepForever { throw ValidationError("--set and --keep-forever exclude each other") }
            if let set, RetentionRule.seconds(parsing: set) == nil {
                throw ValidationError("--set: a count and a unit, such as 90d, 36h or 3600s")
            }
        }

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            guard set != nil || keepForever else {
                let response = try await client.getRetention(.with { $0.tenantID = target.tenant }, options: .init(timeout: .seconds(10)))
                let since = response.updateTime.map { " (set \(ISO8601DateFormatter().string(from: $0.date)))" } ?? ""
                print("retention: \(Self.describe(response.retention?.seconds))\(since)")
                return
            }
            let response = try await client.setRetention(.with {
                $0.tenantID = target.tenant
                $0.keepForever = keepForever
                if let seconds = set.flatMap(RetentionRule.seconds(parsing:)) { $0.retention = .with { $0.seconds = seconds } }
            }, options: .init(timeout: .seconds(30)))
            print("retention: \(Self.describe(response.retention?.seconds)); recorded as entry \(response.change?.index ?? 0)")
        }

        /// "7776000s (90 days)", or "none (details kept until an erasure)".
        static func describe(_ seconds: Int64?) -> String {
            guard let seconds else { return "none (details kept until an erasure)" }
            return seconds % 86_400 == 0 ? "\(seconds)s (\(seconds / 86_400) days)" : "\(seconds)s"
        }
    }
}
