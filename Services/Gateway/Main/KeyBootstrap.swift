import Foundation
import GatewayCore
import Logging
import ServiceKit
import Store
import Wire

/// `baton-gateway create-key --tenant T --role R [--subject S] [--name N]`:
/// makes a key without a running gateway (a tenant's first admin key, which
/// then makes the others through batonctl). Applies the `gateway`
/// migrations under their advisory lock, as a starting replica does, writes
/// the key as CreateKey does, prints the token once on stdout, and exits.
enum KeyBootstrap {
    /// The command's name, the first argument.
    static let command = "create-key"

    /// Runs the command when `arguments` (without the program name) ask
    /// for it; returns the exit status, or nil when they ask for something else.
    static func runIfAsked(_ arguments: [String]) async -> Int32? {
        guard arguments.first == command else { return nil }
        let request: GatewayV1.CreateKeyRequest
        let configuration: ServiceConfiguration
        do {
            request = try parse(Array(arguments.dropFirst()))
            configuration = try ServiceConfiguration.load(name: "baton-gateway", environment: ProcessInfo.processInfo.environment,
                                                          arguments: [])
        } catch {
            FileHandle.standardError.write(Data("baton-gateway \(command): \(error)\n".utf8))
            return 2
        }
        guard let url = configuration.databaseURL else {
            FileHandle.standardError.write(Data("baton-gateway \(command): BATON_DATABASE_URL is not set\n".utf8))
            return 2
        }
        let pool = PostgresPool(configuration: .init(url: url, maxConnections: 1, applicationName: "baton-gateway-create-key"))
        defer { pool.shutdown() }
        do {
            try await Migrator.migrate(pool, schema: "gateway", migrations: GatewayMigrations.all)
            let service = KeysService(store: APIKeyStore(pool: pool), logger: Logger(label: "baton-gateway"))
            let created = try await service.create(request)
            FileHandle.standardError.write(Data("""
                created key \(created.key?.prefix ?? "") (tenant \(request.tenantID), role \(Role(wire: request.role)?.rawValue ?? "")); \
                the token below is shown only now\n
                """.utf8))
            print(created.token)
            return 0
        } catch {
            FileHandle.standardError.write(Data("baton-gateway \(command): \(error)\n".utf8))
            return 1
        }
    }

    /// The request the flags describe (`--flag value` or `--flag=value`).
    static func parse(_ arguments: [String]) throws(ConfigurationError) -> GatewayV1.CreateKeyRequest {
        var request = GatewayV1.CreateKeyRequest()
        var index = 0
        while index < arguments.count {
            var flag = arguments[index]
            var value: String?
            if let equals = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            } else if index + 1 < arguments.count {
                index += 1
                value = arguments[index]
            }
            guard let value else { throw ConfigurationError(setting: flag, value: "", reason: "needs a value") }
            switch flag {
            case "--tenant": request.tenantID = value
            case "--subject": request.subject = value
            case "--name": request.name = value
            case "--role":
                guard let role = Role(rawValue: value) else {
                    throw ConfigurationError(setting: flag, value: value,
                                             reason: "one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                request.role = role.wire
            default:
                throw ConfigurationError(setting: flag, value: value,
                                         reason: "unknown flag; usage: baton-gateway \(command) --tenant T --role R [--subject S] [--name N]")
            }
            index += 1
        }
        return request
    }
}
