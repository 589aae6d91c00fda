import API
import ArgumentParser
import Foundation
import GatewayCore
import RPC
import Wire

/// `batonctl keys ...`: a tenant's API keys on baton-gateway. Tokens are
/// printed alone on stdout (shown once; nothing else is), the rest on stderr.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "API keys on baton-gateway: create, rotate, revoke, list (an admin key of the tenant is needed).",
        subcommands: [Create.self, Rotate.self, Revoke.self, List.self])

    struct Target: ParsableArguments {
        @OptionGroup var endpoints: Endpoints
        @Option(help: "baton-gateway address (host:port); default BATON_GATEWAY_ADDR or .baton/stack.env")
        var gateway: String?
        @Option(help: "Tenant id.") var tenant: String

        func client() throws -> (GatewayV1.KeysClient, RPCChannel) {
            let channel = try endpoints.channel("gateway", flag: gateway)
            return (GatewayV1.KeysClient(channel: channel), channel)
        }
    }

    /// The role named `name` (GatewayCore's names), on the wire.
    static func role(_ name: String) throws -> GatewayV1.Role {
        guard let role = Role(rawValue: name) else {
            throw ValidationError("--role: one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role.wire
    }

    /// One line per key.
    static func describe(_ key: GatewayV1.KeyInfo) -> String {
        func time(_ timestamp: GoogleProtobuf.Timestamp?) -> String {
            timestamp.map { ISO8601DateFormatter().string(from: $0.date) } ?? "-"
        }
        let role = Role(wire: key.role)?.rawValue ?? "role \(key.role.rawValue)"
        var line = "\(key.prefix)  \(role)  subject=\(key.subject)  created=\(time(key.createTime))"
        if key.expireTime != nil { line += "  expires=\(time(key.expireTime))" }
        if key.revokeTime != nil { line += "  revoked=\(time(key.revokeTime))" }
        line += "  last-used=\(time(key.lastUsedTime))"
        if !key.rotatedFrom.isEmpty { line += "  rotated-from=\(key.rotatedFrom)" }
        if !key.name.isEmpty { line += "  name=\"\(key.name)\"" }
        return line
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; prints its token (shown only now).")
        @OptionGroup var target: Target
        @Option(help: "Role: bot, agent, supervisor, admin or auditor.") var role: String
        @Option(help: "Who the key speaks for (the agent id for agent keys).") var subject = ""
        @Option(help: "A name for people.") var name = ""
        @Option(help: "Days until the key expires; default never.") var expiresInDays: Double?

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let wireRole = try Keys.role(role)
            let created = try await client.createKey(.with {
                $0.tenantID = target.tenant
                $0.role = wireRole
                $0.subject = subject
                $0.name = name
                if let expiresInDays { $0.expireTime = GoogleProtobuf.Timestamp(date: Date().addingTimeInterval(expiresInDays * 86_400)) }
            })
            if let key = created.key { Keys.note("created " + Keys.describe(key)) }
            print(created.token)
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a key with a new one (same role, subject, name); prints the new token.")
        @OptionGroup var target: Target
        @Option(help: "The key's prefix.") var prefix: String
        @Option(help: "Seconds the old key keeps working; default 0 (revoked at once).") var overlap: Double = 0

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let rotated = try await client.rotateKey(.with {
                $0.tenantID = target.tenant
                $0.prefix = prefix
                $0.overlap = GoogleProtobuf.Duration(timeInterval: overlap)
            })
            if let previous = rotated.previous { Keys.note("old " + Keys.describe(previous)) }
            if let key = rotated.key { Keys.note("new " + Keys.describe(key)) }
            print(rotated.token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once.")
        @OptionGroup var target: Target
        @Option(help: "The key's prefix.") var prefix: String

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let revoked = try await client.revokeKey(.with { $0.tenantID = target.tenant; $0.prefix = prefix })
            if let key = revoked.key { print("revoked " + Keys.describe(key)) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's keys, newest first (never a secret).")
        @OptionGroup var target: Target
        @Flag(help: "Also list revoked keys.") var includeRevoked = false

        func run() async throws {
            let (client, channel) = try target.client()
            defer { channel.close() }
            let listed = try await client.listKeys(.with { $0.tenantID = target.tenant; $0.includeRevoked = includeRevoked })
            for key in listed.keys { print(Keys.describe(key)) }
        }
    }
}
