import API
import ArgumentParser
import AuditCore
import Foundation
import RPC
import Wire

/// `batonctl audit ...`: make a signing key, print a tenant's checkpoint,
/// verify its log (against a checkpoint kept from earlier).
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The decision log on baton-audit.",
        subcommands: [Keygen.self, Checkpoint.self, Verify.self])

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
}
