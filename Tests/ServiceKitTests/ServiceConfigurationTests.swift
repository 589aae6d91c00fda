import ServiceKit
import Testing

/// Configuration from BATON_* variables and flags.
@Suite("Service configuration")
struct ServiceConfigurationTests {
    @Test("environment, then flags, set the configuration")
    func layering() throws {
        let config = try ServiceConfiguration.load(
            name: "baton-router",
            environment: ["BATON_GRPC_PORT": "7000", "BATON_ADMIN_PORT": "7001", "BATON_LOG_FORMAT": "text",
                          "BATON_DATABASE_URL": "postgresql://baton@db:5432/baton", "BATON_SIGNALS_ADDR": "10.0.0.7:50051",
                          "UNRELATED": "x"],
            arguments: ["--grpc-port", "8000", "--log-level=debug"])
        #expect(config.grpcPort == 8000)
        #expect(config.adminPort == 7001)
        #expect(config.logFormat == .text)
        #expect(config.logLevel == .debug)
        #expect(config.databaseURL == "postgresql://baton@db:5432/baton")
        #expect(config.peers == ["signals": "10.0.0.7:50051"])
    }

    @Test("CORS origins are a comma-separated list of origins or *")
    func corsOrigins() throws {
        let config = try ServiceConfiguration.load(
            name: "baton-router", environment: ["BATON_CORS_ORIGINS": "https://a.example, http://localhost:5173,"],
            arguments: [])
        #expect(config.corsOrigins == ["https://a.example", "http://localhost:5173"])
        #expect(try ServiceConfiguration.load(name: "baton-router", environment: [:], arguments: ["--cors-origins", "*"])
            .corsOrigins == ["*"])
        #expect(try ServiceConfiguration.load(name: "baton-router", environment: [:], arguments: []).corsOrigins.isEmpty)
    }

    @Test("request size and stream limits are read")
    func limits() throws {
        let config = try ServiceConfiguration.load(
            name: "baton-gateway", environment: ["BATON_MAX_REQUEST_BYTES": "65536"], arguments: ["--max-concurrent-streams", "16"])
        #expect(config.maxRequestBytes == 65536)
        #expect(config.maxConcurrentStreams == 16)
        let defaults = try ServiceConfiguration.load(name: "baton-gateway", environment: [:], arguments: [])
        #expect(defaults.maxRequestBytes == 4 << 20 && defaults.maxConcurrentStreams == 256)
    }

    @Test("a bad setting is refused with its name", arguments: [
        (["BATON_GRPC_PORT": "eighty"], [String](), "BATON_GRPC_PORT"),
        (["BATON_ADMIN_PORT": "70000"], [], "BATON_ADMIN_PORT"),
        (["BATON_LOG_FORMAT": "xml"], [], "BATON_LOG_FORMAT"),
        (["BATON_DATABASE_URL": "mysql://x"], [], "BATON_DATABASE_URL"),
        (["BATON_DATABASE_POOL_SIZE": "0"], [], "BATON_DATABASE_POOL_SIZE"),
        (["BATON_SHUTDOWN_GRACE": "-1"], [], "BATON_SHUTDOWN_GRACE"),
        (["BATON_ROUTER_ADDR": "router"], [], "BATON_ROUTER_ADDR"),
        (["BATON_TLS_CERTIFICATE": "/cert.pem"], [], "BATON_TLS_KEY"),
        (["BATON_GRPC_PORT": "9000", "BATON_ADMIN_PORT": "9000"], [], "BATON_ADMIN_PORT"),
        (["BATON_CORS_ORIGINS": "console.example.com"], [], "BATON_CORS_ORIGINS"),
        (["BATON_CORS_ORIGINS": "https://console.example.com/app"], [], "BATON_CORS_ORIGINS"),
        (["BATON_MAX_REQUEST_BYTES": "12"], [], "BATON_MAX_REQUEST_BYTES"),
        (["BATON_MAX_CONCURRENT_STREAMS": "0"], [], "BATON_MAX_CONCURRENT_STREAMS"),
        ([:], ["--no-such-flag", "1"], "--no-such-flag"),
        ([:], ["--grpc-port"], "--grpc-port"),
    ] as [([String: String], [String], String)])
    func badSetting(_ environment: [String: String], _ arguments: [String], _ setting: String) {
        do {
            _ = try ServiceConfiguration.load(name: "baton-test", environment: environment, arguments: arguments)
            Issue.record("accepted \(environment) \(arguments)")
        } catch {
            #expect(error.setting == setting, "\(error)")
            #expect(error.description.hasPrefix(setting))
        }
    }
}
