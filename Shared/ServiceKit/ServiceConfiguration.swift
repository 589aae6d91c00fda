public import Logging

/// A setting that could not be used, named as the operator wrote it.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The variable or flag, such as `BATON_GRPC_PORT` or `--grpc-port`.
    public var setting: String
    /// The value given.
    public var value: String
    /// Why it is wrong.
    public var reason: String

    /// An error for a service's own setting (read beside ``ServiceConfiguration``).
    public init(setting: String, value: String, reason: String) {
        self.setting = setting
        self.value = value
        self.reason = reason
    }

    public var description: String { "\(setting)=\(value): \(reason)" }
}

/// Everything a Baton executable reads at start-up, from `BATON_*`
/// environment variables and `--flags` (flags win). Validated as a whole
/// before anything starts, with an error that names the bad setting.
public struct ServiceConfiguration: Sendable {
    /// How log lines look.
    public enum LogFormat: String, Sendable {
        /// One JSON object per line (production).
        case json
        /// Readable text (local runs).
        case text
    }

    /// The executable's name, such as `baton-router`.
    public var name: String
    /// The address the gRPC and admin servers bind.
    public var host = "0.0.0.0"
    /// The gRPC port (0 picks a free one).
    public var grpcPort = 50051
    /// The admin HTTP port: `/metrics`, `/healthz`, `/readyz` (0 picks a free one).
    public var adminPort = 9090
    /// The Postgres connection string; required by services that own a schema.
    public var databaseURL: String?
    /// Connections in the database pool.
    public var databasePoolSize = 10
    /// Log format.
    public var logFormat = LogFormat.json
    /// Lowest level logged.
    public var logLevel = Logger.Level.info
    /// Connections older than this are closed (GOAWAY) so clients rebalance.
    public var maxConnectionAge: Duration = .seconds(600)
    /// How long in-flight calls may run after SIGTERM.
    public var shutdownGrace: Duration = .seconds(10)
    /// PEM certificate chain for TLS; with `tlsKey`, the server speaks TLS only.
    public var tlsCertificate: String?
    /// PEM private key for TLS.
    public var tlsKey: String?
    /// PEM CA file: when set, clients must present a certificate it signed (mutual TLS).
    public var tlsClientCA: String?
    /// Other services' addresses (`BATON_<SERVICE>_ADDR`), by lower-case service name.
    public var peers: [String: String] = [:]
    /// How often background jobs (proactive scans, offer expiry) run.
    public var backgroundInterval: Duration = .seconds(30)
    /// Browser origins allowed to call Connect and gRPC-Web (CORS), such as
    /// `https://console.example.com`; `*` allows any. Comma-separated in `BATON_CORS_ORIGINS`.
    public var corsOrigins: [String] = []
    /// The largest request message accepted, in bytes (larger ones get RESOURCE_EXHAUSTED).
    public var maxRequestBytes = 4 << 20
    /// HTTP/2 streams one client connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS).
    public var maxConcurrentStreams = 256

    /// A configuration with defaults.
    public init(name: String) {
        self.name = name
    }

    private struct Setting: Sendable {
        let key: String
        let apply: @Sendable (inout ServiceConfiguration, String) throws(ConfigurationError) -> Void
        var environment: String { "BATON_" + key.uppercased().replacingOccurrences(of: "-", with: "_") }
        var flag: String { "--" + key }
    }

    private static func fail(_ setting: String, _ value: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(setting: setting, value: value, reason: reason)
    }

    private static func port(_ value: String, _ name: String) throws(ConfigurationError) -> Int {
        guard let port = Int(value), (0...65535).contains(port) else { throw fail(name, value, "not a port number (0-65535)") }
        return port
    }

    private static func seconds(_ value: String, _ name: String) throws(ConfigurationError) -> Duration {
        guard let seconds = Double(value), seconds >= 0, seconds <= 86_400 * 365 else {
            throw fail(name, value, "not a number of seconds (0 to a year)")
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    private static let settings: [Setting] = [
        Setting(key: "host") { config, value throws(ConfigurationError) in
            guard !value.isEmpty else { throw fail("BATON_HOST", value, "must not be empty") }
            config.host = value
        },
        Setting(key: "grpc-port") { config, value throws(ConfigurationError) in config.grpcPort = try port(value, "BATON_GRPC_PORT") },
        Setting(key: "admin-port") { config, value throws(ConfigurationError) in config.adminPort = try port(value, "BATON_ADMIN_PORT") },
        Setting(key: "database-url") { config, value throws(ConfigurationError) in
            guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") || value.contains("=") else {
                throw fail("BATON_DATABASE_URL", value, "not a postgresql:// URL or libpq key=value string")
            }
            config.databaseURL = value
        },
        Setting(key: "database-pool-size") { config, value throws(ConfigurationError) in
            guard let size = Int(value), (1...500).contains(size) else {
                throw fail("BATON_DATABASE_POOL_SIZE", value, "not a pool size (1-500)")
            }
            config.databasePoolSize = size
        },
        Setting(key: "log-format") { config, value throws(ConfigurationError) in
            guard let format = LogFormat(rawValue: value) else { throw fail("BATON_LOG_FORMAT", value, "must be json or text") }
            config.logFormat = format
        },
        Setting(key: "log-level") { config, value throws(ConfigurationError) in
            guard let level = Logger.Level(rawValue: value) else {
                throw fail("BATON_LOG_LEVEL", value, "must be trace, debug, info, notice, warning, error or critical")
            }
            config.logLevel = level
        },
        Setting(key: "max-connection-age") { config, value throws(ConfigurationError) in
            config.maxConnectionAge = try seconds(value, "BATON_MAX_CONNECTION_AGE")
        },
        Setting(key: "max-request-bytes") { config, value throws(ConfigurationError) in
            guard let bytes = Int(value), (1024...(64 << 20)).contains(bytes) else {
                throw fail("BATON_MAX_REQUEST_BYTES", value, "not a size in bytes (1024 to 67108864)")
            }
            config.maxRequestBytes = bytes
        },
        Setting(key: "max-concurrent-streams") { config, value throws(ConfigurationError) in
            guard let streams = Int(value), (1...10_000).contains(streams) else {
                throw fail("BATON_MAX_CONCURRENT_STREAMS", value, "not a stream count (1 to 10000)")
            }
            config.maxConcurrentStreams = streams
        },
        Setting(key: "shutdown-grace") { config, value throws(ConfigurationError) in
            config.shutdownGrace = try seconds(value, "BATON_SHUTDOWN_GRACE")
        },
        Setting(key: "background-interval") { config, value throws(ConfigurationError) in
            let interval = try seconds(value, "BATON_BACKGROUND_INTERVAL")
            guard interval > .zero else { throw fail("BATON_BACKGROUND_INTERVAL", value, "must be more than 0 seconds") }
            config.backgroundInterval = interval
        },
        Setting(key: "tls-certificate") { config, value throws(ConfigurationError) in config.tlsCertificate = value },
        Setting(key: "tls-key") { config, value throws(ConfigurationError) in config.tlsKey = value },
        Setting(key: "tls-client-ca") { config, value throws(ConfigurationError) in config.tlsClientCA = value },
        Setting(key: "cors-origins") { config, value throws(ConfigurationError) in
            let origins = value.split(separator: ",").map { $0.filter { $0 != " " } }.filter { !$0.isEmpty }
            for origin in origins where origin != "*" {
                // An Origin header is scheme://host[:port], nothing after.
                guard origin.hasPrefix("http://") || origin.hasPrefix("https://"),
                      !origin.dropFirst(origin.hasPrefix("https://") ? 8 : 7).contains("/") else {
                    throw fail("BATON_CORS_ORIGINS", value, "'\(origin)' is not * or an origin such as https://console.example.com")
                }
            }
            config.corsOrigins = origins
        },
    ]

    /// Reads `environment` then `arguments` (`--key value` or `--key=value`).
    public static func load(name: String, environment: [String: String],
                            arguments: [String]) throws(ConfigurationError) -> ServiceConfiguration {
        var config = ServiceConfiguration(name: name)
        for setting in settings {
            if let value = environment[setting.environment] { try setting.apply(&config, value) }
        }
        for (key, value) in environment where key.hasPrefix("BATON_") && key.hasSuffix("_ADDR") {
            let service = key.dropFirst("BATON_".count).dropLast("_ADDR".count).lowercased()
            guard value.split(separator: ":").count == 2, let portText = value.split(separator: ":").last,
                  let port = Int(portText), (1...65535).contains(port) else {
                throw fail(key, value, "not a host:port address")
            }
            config.peers[service] = value
        }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let (flag, inline) = argument.contains("=")
                ? (String(argument.split(separator: "=", maxSplits: 1)[0]), String(argument.split(separator: "=", maxSplits: 1)[1]))
                : (argument, nil)
            guard let setting = settings.first(where: { $0.flag == flag }) else {
                throw fail(flag, inline ?? "", "unknown flag; known: \(settings.map(\.flag).joined(separator: " "))")
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index + 1 < arguments.count else { throw fail(flag, "", "needs a value") }
                value = arguments[index + 1]
                index += 1
            }
            try setting.apply(&config, value)
            index += 1
        }
        try config.validate()
        return config
    }

    /// Checks settings that depend on each other.
    public func validate() throws(ConfigurationError) {
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw Self.fail("BATON_TLS_KEY", tlsKey ?? "", "BATON_TLS_CERTIFICATE and BATON_TLS_KEY go together")
        }
        if tlsClientCA != nil && tlsCertificate == nil {
            throw Self.fail("BATON_TLS_CLIENT_CA", tlsClientCA ?? "", "mutual TLS needs BATON_TLS_CERTIFICATE and BATON_TLS_KEY")
        }
        if grpcPort != 0 && grpcPort == adminPort {
            throw Self.fail("BATON_ADMIN_PORT", String(adminPort), "must differ from BATON_GRPC_PORT")
        }
    }
}
