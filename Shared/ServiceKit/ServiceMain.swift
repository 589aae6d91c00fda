import Foundation
public import Logging
import NIOPosix
public import Prometheus
public import RPC
import ServiceLifecycle
public import Store

/// What a service's code gets at start-up.
public struct ServiceContext: Sendable {
    /// The validated configuration.
    public let configuration: ServiceConfiguration
    /// The service's logger.
    public let logger: Logger
    /// The database pool, when the service owns a schema.
    public let pool: PostgresPool?
    /// The metrics registry (for the service's own counters and gauges).
    public let metrics: PrometheusCollectorRegistry
    let jobs: BackgroundJobs
    let admin: AdminServer

    /// Serves `route` on the admin port, beside `/metrics`, `/healthz` and `/readyz`.
    public func serveAdmin(_ route: AdminRoute) {
        admin.add(route)
    }

    /// Runs `body` every `interval` (``ServiceConfiguration/backgroundInterval``
    /// unless given) from start-up until shutdown; failures are logged.
    public func schedule(_ name: String, every interval: Duration? = nil, _ body: @escaping @Sendable () async throws -> Void) {
        jobs.add(.init(name: name, interval: interval ?? configuration.backgroundInterval, body: body))
    }

    /// A channel to another Baton service named in `BATON_<SERVICE>_ADDR`.
    public func channel(to service: String,
                        configuration channelConfiguration: RPCChannel.Configuration = .init()) throws(ConfigurationError) -> RPCChannel {
        guard let address = configuration.peers[service] else {
            throw ConfigurationError(setting: "BATON_\(service.uppercased())_ADDR", value: "",
                                     reason: "\(configuration.name) needs the address of baton-\(service)")
        }
        let parts = address.split(separator: ":")
        return RPCChannel(host: String(parts[0]), port: Int(parts[1])!, configuration: channelConfiguration)
    }
}

/// The shared `main` of every Baton executable: configuration, logging,
/// metrics, database pool and migrations, the gRPC server and the admin
/// server, run under swift-service-lifecycle until SIGTERM or SIGINT, then a
/// graceful shutdown. A service's `main.swift` is a single call.
public enum ServiceMain {
    /// Runs the executable `name`. With a `schema`, a database is required and
    /// `migrations` are applied to it before the server starts.
    public static func run(
        name: String, schema: String? = nil, migrations: [Migration] = [],
        services makeServices: @escaping @Sendable (ServiceContext) async throws -> [any RPCService]
    ) async -> Never {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration.load(name: name, environment: ProcessInfo.processInfo.environment,
                                                          arguments: Array(CommandLine.arguments.dropFirst()))
            if schema != nil && configuration.databaseURL == nil {
                throw ConfigurationError(setting: "BATON_DATABASE_URL", value: "", reason: "\(name) needs a database")
            }
        } catch {
            FileHandle.standardError.write(Data("\(name): bad configuration: \(error)\n".utf8))
            exit(2)
        }
        LoggingSystem.bootstrap { label in
            switch configuration.logFormat {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = configuration.logLevel
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = configuration.logLevel
                return handler
            }
        }
        let logger = Logger(label: name)
        do {
            try await serve(configuration: configuration, schema: schema, migrations: migrations,
                            makeServices: makeServices, logger: logger)
            exit(0)
        } catch {
            logger.critical("stopped: \(error)")
            exit(1)
        }
    }

    private static func serve(
        configuration: ServiceConfiguration, schema: String?, migrations: [Migration],
        makeServices: @Sendable (ServiceContext) async throws -> [any RPCService], logger: Logger
    ) async throws {
        let registry = PrometheusCollectorRegistry()
        var pool: PostgresPool?
        if let url = configuration.databaseURL {
            pool = PostgresPool(configuration: .init(url: url, maxConnections: configuration.databasePoolSize,
                                                     applicationName: configuration.name))
        }
        let admin = AdminServer { [pool] in
            if let pool {
                func gauge(_ name: String, _ help: String) -> Gauge {
                    registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "baton", subsystem: "db", metricName: name,
                                                                        unitName: "", helpText: help))
                }
                gauge("connections_open", "Database connections open.").set(Double(pool.openConnections))
                gauge("connections_idle", "Database connections idle in the pool.").set(Double(pool.idleConnections))
                gauge("callers_waiting", "Callers waiting for a database connection.").set(Double(pool.waitingCallers))
            }
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let adminPort = try await admin.start(host: configuration.host, port: configuration.adminPort)
        if let pool, let schema {
            let applied = try await Migrator.migrate(pool, schema: schema, migrations: migrations)
            logger.info("schema \(schema) ready", metadata: ["migrations-applied": "\(applied)"])
        }
        let jobs = BackgroundJobs()
        let context = ServiceContext(configuration: configuration, logger: logger, pool: pool, metrics: registry, jobs: jobs,
                                     admin: admin)
        var services = try await makeServices(context)
        // Server reflection on every server: grpcurl and buf curl need no .proto files.
        let reflection = ReflectionService(services: services)
        services += [reflection, ReflectionServiceV1Alpha(v1: reflection)]
        var tls: TLSContext?
        var tlsFiles: TLSContext.ServerConfiguration?
        if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
            let files = TLSContext.ServerConfiguration(certificateChainFile: certificate, privateKeyFile: key,
                                                       clientCAFile: configuration.tlsClientCA)
            tls = try TLSContext(server: files)
            tlsFiles = files
        }
        let server = RPCServer(
            configuration: .init(host: configuration.host, port: configuration.grpcPort,
                                 connection: .init(maxReceiveMessageSize: configuration.maxRequestBytes,
                                                   serverName: configuration.name,
                                                   http2: .init(maxConcurrentStreams: UInt32(configuration.maxConcurrentStreams)),
                                                   cors: CORSPolicy(allowedOrigins: configuration.corsOrigins)),
                                 management: .init(maxAge: configuration.maxConnectionAge),
                                 tls: tls, callObserver: MetricsCallObserver(registry: registry), logger: logger),
            services: services)
        let address = try await server.start()
        if let tlsFiles {
            let reloader = CertificateReloader(configuration: tlsFiles, server: server, logger: logger)
            jobs.add(.init(name: "tls-certificate-reload", interval: .seconds(10)) { reloader.check() })
        }
        admin.setReady(true)
        logger.info("serving", metadata: ["grpc-port": "\(address.port ?? 0)", "admin-port": "\(adminPort)",
                                          "tls": "\(tls != nil)"])
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: LifecycleAdapter(server: server, admin: admin, pool: pool,
                                                                             grace: configuration.shutdownGrace)),
                                            .init(service: BackgroundJobsService(jobs: jobs, logger: logger))],
                                 gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}

/// Runs the servers under swift-service-lifecycle: waits for the graceful
/// shutdown signal, then GOAWAY, in-flight calls, admin and pool, in order.
private struct LifecycleAdapter: Service {
    let server: RPCServer
    let admin: AdminServer
    let pool: PostgresPool?
    let grace: Duration

    func run() async throws {
        try? await gracefulShutdown()
        admin.setReady(false)
        await server.shutdown(grace: grace)
        await admin.shutdown()
        pool?.shutdown()
    }
}
